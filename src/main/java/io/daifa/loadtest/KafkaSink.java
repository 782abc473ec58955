package io.daifa.loadtest;

import io.daifa.kafka.OrderTopicClient;
import io.daifa.order.Order;
import java.util.concurrent.CompletionStage;

/**
 * Orders published to the router's orders topic and answered by their result on the results topic
 * ({@link OrderTopicClient}). An order is published once: the router takes an order refused for a
 * passing reason again by itself, so a result is its receipt or its problem.
 */
final class KafkaSink implements OrderSink {

  private final OrderTopicClient topics;

  KafkaSink(String bootstrap, String ordersTopic, String resultsTopic) {
    topics = new OrderTopicClient(bootstrap, ordersTopic, resultsTopic);
  }

  @Override
  public CompletionStage<SendResult> send(Order order) {
    return topics
        .publish(order.shopId(), order.orderId(), OrderJson.write(order))
        .handle(
            (line, failure) ->
                failure == null
                    ? HttpStreamSink.resultOf(line)
                    : SendResult.retry("not published: " + failure));
  }

  @Override
  public void close() {
    topics.close();
  }
}

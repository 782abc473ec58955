package io.daifa.loadtest;

import io.daifa.order.Order;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.stream.Materializer;

/**
 * One {@code POST /v1/orders} per order, over the client's connection pool (its size is the load
 * test's {@code --connections}, set in the client's configuration).
 */
final class HttpSingleSink implements OrderSink {

  private static final long BODY_WAIT_MS = 10_000;

  private final Http http;
  private final Materializer materializer;
  private final List<String> urls;
  private final Authorization authorization;
  private final AtomicLong turn = new AtomicLong();

  /** Orders go to the routers of {@code baseUrls} in turn. */
  HttpSingleSink(ActorSystem<?> client, List<String> baseUrls, String ingestKey) {
    this.http = Http.get(client);
    this.materializer = Materializer.matFromSystem(client);
    this.urls = baseUrls.stream().map(url -> url + "/v1/orders").toList();
    this.authorization = Authorization.oauth2(ingestKey);
  }

  @Override
  public CompletionStage<SendResult> send(Order order) {
    HttpRequest request =
        HttpRequest.POST(urls.get((int) (turn.getAndIncrement() % urls.size())))
            .addHeader(authorization)
            .withEntity(ContentTypes.APPLICATION_JSON, OrderJson.write(order));
    return http.singleRequest(request)
        .thenCompose(
            response ->
                response
                    .entity()
                    .toStrict(BODY_WAIT_MS, materializer)
                    .thenApply(
                        body -> {
                          int status = response.status().intValue();
                          if (status == 202) {
                            return SendResult.STORED;
                          }
                          String detail = status + " " + body.getData().utf8String();
                          return status == 503 || status == 429
                              ? SendResult.retry(detail)
                              : SendResult.error(detail);
                        }))
        .exceptionally(failure -> SendResult.error(failure.toString()));
  }

  @Override
  public void close() {}
}

package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.Order;
import io.daifa.shop.OrderReceipt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The order streams' unit, whatever carries them (an NDJSON body, a Kafka topic): one order as a
 * line of JSON in, its result line out once the order is stored — the receipt, or an object naming
 * the order and its problem. Never a failure, so a stream always goes on.
 */
public final class OrderLines {

  /** The longest line taken: the bound of a single request's body. */
  public static final int MAX_LINE = 1024 * 1024;

  /**
   * A line's result: {@code json} is its result line; {@code problem} is null when the order is
   * stored, and names why not otherwise.
   */
  public record Result(String orderId, String shopId, String json, Problem problem) {

    public boolean stored() {
      return problem == null;
    }

    /**
     * Not stored for a reason that passes (storage unavailable, its shop's share of intake full),
     * so a carrier that must not lose the order takes it again rather than passing this on.
     */
    public boolean isTransient() {
      return problem != null
          && (problem.code().equals(ErrorCode.UNAVAILABLE.name())
              || problem.code().equals(ErrorCode.RATE_LIMITED.name()));
    }
  }

  private final Entities entities;
  private final OrderIntake intake;

  public OrderLines(Entities entities, OrderMetrics metrics) {
    this(entities, new OrderIntake(entities, metrics));
  }

  OrderLines(Entities entities, OrderIntake intake) {
    this.entities = entities;
    this.intake = intake;
  }

  Entities entities() {
    return entities;
  }

  /**
   * The result of one line, once its order is stored or refused; an order over its shop's share
   * waits for room (up to {@code patience}) rather than being refused.
   */
  public CompletionStage<Result> take(String line, Duration patience) {
    if (line.length() > MAX_LINE) {
      return CompletableFuture.completedFuture(
          refused(
              null,
              null,
              Problem.of(
                  ErrorCode.PAYLOAD_TOO_LARGE,
                  "an order line may have at most " + MAX_LINE + " characters",
                  "body")));
    }
    Order order;
    try {
      order = OrderBodyReader.read(line).toOrder();
    } catch (Problem.ProblemException e) {
      return CompletableFuture.completedFuture(refused(null, null, e.problem()));
    }
    return intake
        .take(order, patience, true)
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Done<OrderReceipt> done) {
                return new Result(
                    order.orderId(), order.shopId(), ReceiptJson.write(done.value()), null);
              }
              return refused(
                  order.orderId(),
                  order.shopId(),
                  Problem.of(((Outcome.Refused<OrderReceipt>) outcome).rejection()));
            })
        .exceptionally(
            failure -> refused(order.orderId(), order.shopId(), Responses.problemOf(failure)));
  }

  private static Result refused(String orderId, String shopId, Problem problem) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("orderId", orderId);
    line.put("error", problem);
    return new Result(orderId, shopId, Json.write(line), problem);
  }
}

package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.OrderStatus;
import io.daifa.readside.OrderLineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForgottenOrderRefundTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofDays(30);

  private static OrderLineRow line(String lineId, OrderStatus status) {
    return new OrderLineRow(
        "o-1",
        lineId,
        "shp_1",
        "sup_1",
        status.name(),
        "spu",
        "sku",
        1,
        null,
        null,
        RECEIVED,
        status == OrderStatus.PAID ? null : RECEIVED,
        null,
        null,
        null);
  }

  private static ForgottenOrderRefund.Plan plan(
      List<OrderLineRow> rows, List<String> lineIds, Instant now) {
    return ForgottenOrderRefund.plan(rows, lineIds, now, PERIOD).orThrow();
  }

  @Test
  void aReceivedLineIsRefundedAndTheOrderKeepsTheStatusOfItsOtherLines() {
    var rows = List.of(line("1", OrderStatus.RECEIVED), line("2", OrderStatus.RECEIVED));
    var plan = plan(rows, List.of("1"), RECEIVED.plus(Duration.ofDays(40)));
    assertEquals(List.of("1"), plan.lineIds(), "not settled yet: refundable whatever its age");
    assertEquals(OrderStatus.RECEIVED, plan.orderStatus());
    assertEquals(
        OrderStatus.REFUNDED, plan(rows, List.of("1", "2"), RECEIVED.plusSeconds(1)).orderStatus());
  }

  @Test
  void aSettledLineIsRefundedOnlyWithinTheAfterSalePeriod() {
    var rows = List.of(line("1", OrderStatus.SETTLED));
    assertEquals(
        List.of("1"), plan(rows, List.of("1"), RECEIVED.plus(PERIOD)).lineIds(), "the last day");
    var late =
        ForgottenOrderRefund.plan(rows, List.of("1"), RECEIVED.plus(PERIOD).plusSeconds(1), PERIOD);
    var refused = assertInstanceOf(Outcome.Refused.class, late);
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, refused.rejection().code());
  }

  @Test
  void aRefundedLineIsSkippedAndARejectedOneRefused() {
    var refunded = List.of(line("1", OrderStatus.REFUNDED), line("2", OrderStatus.RECEIVED));
    assertEquals(List.of(), plan(refunded, List.of("1"), RECEIVED).lineIds(), "a repeat");
    var rejected = List.of(line("1", OrderStatus.REJECTED));
    assertInstanceOf(
        Outcome.Refused.class, ForgottenOrderRefund.plan(rejected, List.of("1"), RECEIVED, PERIOD));
  }
}

package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.order.OrderStatus;
import io.daifa.readside.OrderLineRow;
import io.daifa.supplier.SupplierOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A refund of lines whose supplier no longer holds their order: received longer ago than its de-dup
 * window, the order is forgotten there, yet buyers refund days and weeks after receipt (SPEC §8).
 * The read side still knows each line, so it decides: a line not settled yet can be refunded, a
 * settled one only within the after-sale period after its receipt (the settlement then claws it
 * back); a refunded one is skipped. Pure: the rows and the clock in, the plan or the refusal out.
 */
final class ForgottenOrderRefund {

  /** The lines to refund (none: all were refunded before) and the order's status afterwards. */
  record Plan(List<String> lineIds, OrderStatus orderStatus) {}

  private ForgottenOrderRefund() {}

  /**
   * @param supplierRows every read-side line of the order that went to this supplier
   * @param lineIds the lines to refund, all among {@code supplierRows}
   */
  static Outcome<Plan> plan(
      List<OrderLineRow> supplierRows, List<String> lineIds, Instant now, Duration period) {
    Set<String> asked = new HashSet<>(lineIds);
    List<String> moving = new ArrayList<>();
    List<OrderStatus> after = new ArrayList<>();
    for (OrderLineRow row : supplierRows) {
      OrderStatus status = OrderStatus.valueOf(row.status());
      if (!asked.contains(row.lineId()) || status == OrderStatus.REFUNDED) {
        after.add(status == OrderStatus.SETTLED ? OrderStatus.RECEIVED : status);
        continue;
      }
      if (status == OrderStatus.SETTLED) {
        Instant ends = row.receivedAt() == null ? null : row.receivedAt().plus(period);
        if (ends == null || now.isAfter(ends)) {
          return Outcome.refused(
              ErrorCode.ILLEGAL_TRANSITION,
              "line "
                  + row.lineId()
                  + " is SETTLED and its after-sale period ended"
                  + (ends == null ? "" : " at " + ends));
        }
      } else if (!status.canBecome(OrderStatus.REFUNDED)) {
        return Outcome.refused(
            ErrorCode.ILLEGAL_TRANSITION, "line " + row.lineId() + " is " + status);
      }
      moving.add(row.lineId());
      after.add(OrderStatus.REFUNDED);
    }
    return Outcome.done(new Plan(moving, SupplierOrder.statusOf(after)));
  }
}

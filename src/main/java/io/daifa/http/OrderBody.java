package io.daifa.http;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.OrderValidation;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A paid order as it arrives over HTTP (API.md, Orders). Boxed fields tell a missing field from a
 * zero; {@link #toOrder} names the first missing or invalid field.
 */
public record OrderBody(
    String orderId,
    String shopId,
    String buyerId,
    String agencyId,
    OffsetDateTime paidAt,
    List<LineBody> lines) {

  public record LineBody(
      String lineId,
      String spuId,
      String skuId,
      Integer quantity,
      Long userPaid,
      Long paymentSubsidy,
      Long influencerDiscount,
      Long platformDiscount,
      Integer feeRateBp) {}

  public Order toOrder() {
    Validation.required("paidAt", paidAt);
    Validation.required("lines", lines);
    if (lines.size() > OrderValidation.MAX_LINES) {
      throw Problem.invalid("lines", "must contain at most " + OrderValidation.MAX_LINES + " lines")
          .exception();
    }
    List<OrderLine> converted = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      LineBody line = Validation.required("lines[" + i + "]", lines.get(i));
      String at = "lines[" + i + "].";
      converted.add(
          new OrderLine(
              line.lineId(),
              line.spuId(),
              line.skuId(),
              Validation.required(at + "quantity", line.quantity()),
              Fen.of(Validation.required(at + "userPaid", line.userPaid())),
              Fen.of(Validation.required(at + "paymentSubsidy", line.paymentSubsidy())),
              Fen.of(Validation.required(at + "influencerDiscount", line.influencerDiscount())),
              Fen.of(Validation.required(at + "platformDiscount", line.platformDiscount())),
              BasisPoints.of(Validation.required(at + "feeRateBp", line.feeRateBp()))));
    }
    Order order = new Order(orderId, shopId, buyerId, agencyId, paidAt.toInstant(), converted);
    List<OrderValidation.Violation> violations = OrderValidation.check(order);
    if (!violations.isEmpty()) {
      throw Problem.invalid(violations.get(0).field(), violations.get(0).message()).exception();
    }
    return order;
  }
}

package io.daifa.supplier;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * Something the supplier must tell a shop, kept until the shop acknowledges it: the shop learns of
 * approvals, rejections, withdrawals and rate changes at least once, also across crashes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = ShopNotice.BindingApproved.class, name = "bindingApproved"),
  @JsonSubTypes.Type(value = ShopNotice.LinesRejected.class, name = "linesRejected"),
  @JsonSubTypes.Type(value = ShopNotice.CommissionChanged.class, name = "commissionChanged"),
  @JsonSubTypes.Type(value = ShopNotice.LinesWithdrawn.class, name = "linesWithdrawn")
})
public sealed interface ShopNotice {

  String noticeId();

  String shopId();

  record BindingApproved(String noticeId, String shopId, String requestId) implements ShopNotice {}

  record LinesRejected(
      String noticeId,
      String shopId,
      String orderId,
      String agencyId,
      Instant paidAt,
      List<OrderLine> lines,
      Instant rejectedAt)
      implements ShopNotice {}

  /** Lines the shop withdrew from the supplier, on their way to be routed again. */
  record LinesWithdrawn(
      String noticeId,
      String shopId,
      String orderId,
      String agencyId,
      Instant paidAt,
      List<OrderLine> lines,
      Instant withdrawnAt)
      implements ShopNotice {}

  /**
   * The supplier changed the commission rate of a product the shop picked: the shop's later orders
   * carry the new rate (SPEC §9: the rate in force when the order is paid).
   */
  record CommissionChanged(
      String noticeId, String shopId, String productId, int commissionRateBp, Instant changedAt)
      implements ShopNotice {}
}

package io.daifa.supplier;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * Something the supplier must tell a shop, kept until the shop acknowledges it: the shop learns of
 * approvals and rejections at least once, also across crashes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = ShopNotice.BindingApproved.class, name = "bindingApproved"),
  @JsonSubTypes.Type(value = ShopNotice.LinesRejected.class, name = "linesRejected")
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
}

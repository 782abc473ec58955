package io.daifa.loadtest;

import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.time.ZoneOffset;

/**
 * A generated order in the API's JSON (API.md, Orders), written by hand: the generator makes only
 * plain ASCII IDs, and the load test should spend its CPU on the router, not on reflection.
 */
public final class OrderJson {

  private static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);

  private OrderJson() {}

  public static String write(Order order) {
    StringBuilder json = new StringBuilder(160 + 200 * order.lines().size());
    json.append("{\"orderId\":\"").append(order.orderId());
    json.append("\",\"shopId\":\"").append(order.shopId());
    json.append("\",\"buyerId\":\"").append(order.buyerId()).append("\",\"agencyId\":");
    if (order.agencyId() == null) {
      json.append("null");
    } else {
      json.append('"').append(order.agencyId()).append('"');
    }
    json.append(",\"paidAt\":\"")
        .append(order.paidAt().atOffset(SHANGHAI))
        .append("\",\"lines\":[");
    for (int i = 0; i < order.lines().size(); i++) {
      OrderLine line = order.lines().get(i);
      json.append(i == 0 ? "{" : ",{");
      json.append("\"lineId\":\"").append(line.lineId());
      json.append("\",\"spuId\":\"").append(line.spuId());
      json.append("\",\"skuId\":\"").append(line.skuId());
      json.append("\",\"quantity\":").append(line.quantity());
      json.append(",\"userPaid\":").append(line.userPaid().value());
      json.append(",\"paymentSubsidy\":").append(line.paymentSubsidy().value());
      json.append(",\"influencerDiscount\":").append(line.influencerDiscount().value());
      json.append(",\"platformDiscount\":").append(line.platformDiscount().value());
      json.append(",\"feeRateBp\":").append(line.feeRateBp().value()).append('}');
    }
    return json.append("]}").toString();
  }
}

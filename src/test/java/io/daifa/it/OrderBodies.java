package io.daifa.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daifa.client.ApiClient;
import io.daifa.client.model.Order;

/** JSON bodies of paid orders for the integration tests. */
final class OrderBodies {

  private OrderBodies() {}

  /** An order with one line per SPU, each of 2 units at 198 yuan. */
  static String order(String orderId, String shopId, String... spuIds) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < spuIds.length; i++) {
      lines
          .append(i == 0 ? "" : ",")
          .append("{\"lineId\":\"")
          .append(i + 1)
          .append("\",\"spuId\":\"")
          .append(spuIds[i])
          .append("\",\"skuId\":\"")
          .append(spuIds[i])
          .append("-red\",\"quantity\":2,\"userPaid\":19800,\"paymentSubsidy\":0,")
          .append("\"influencerDiscount\":500,\"platformDiscount\":0,\"feeRateBp\":500}");
    }
    return "{\"orderId\":\""
        + orderId
        + "\",\"shopId\":\""
        + shopId
        + "\",\"buyerId\":\"b-9\",\"agencyId\":null,\"paidAt\":\"2026-11-11T00:00:01+08:00\","
        + "\"lines\":["
        + lines
        + "]}";
  }

  /** The same order as the generated client's model. */
  static Order model(String orderId, String shopId, String... spuIds) {
    try {
      return ApiClient.createDefaultObjectMapper()
          .readValue(order(orderId, shopId, spuIds), Order.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}

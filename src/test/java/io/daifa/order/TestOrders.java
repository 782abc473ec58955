package io.daifa.order;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds orders for tests: lines are named by their SPU, amounts are simple and valid. */
public final class TestOrders {

  public static final Instant PAID_AT = Instant.parse("2026-11-10T16:00:01Z");

  private TestOrders() {}

  public static OrderLine line(String lineId, String spuId) {
    return new OrderLine(
        lineId,
        spuId,
        spuId + "-sku",
        1,
        Fen.of(19_800),
        Fen.ZERO,
        Fen.of(500),
        Fen.ZERO,
        BasisPoints.of(500));
  }

  /** An order of the shop with one line per SPU, lines numbered 1, 2, ... */
  public static Order order(String orderId, String shopId, String... spuIds) {
    List<OrderLine> lines = new ArrayList<>();
    for (int i = 0; i < spuIds.length; i++) {
      lines.add(line(Integer.toString(i + 1), spuIds[i]));
    }
    return new Order(orderId, shopId, "buyer-1", null, PAID_AT, lines);
  }
}

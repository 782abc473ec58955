package io.daifa.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderValidationTest {

  private static List<String> fields(Order order) {
    return OrderValidation.check(order).stream().map(OrderValidation.Violation::field).toList();
  }

  @Test
  void shouldAcceptAWellFormedOrder() {
    assertEquals(List.of(), fields(TestOrders.order("o-1", "shp_1", "spu-1", "spu-2")));
  }

  @Test
  void shouldNameEachBadField() {
    OrderLine negative =
        new OrderLine(
            "1", "spu-1", "sku", 0, Fen.of(-1), Fen.ZERO, Fen.ZERO, Fen.ZERO, BasisPoints.of(-5));
    Order order =
        new Order("bad id/", "shp_1", "", null, TestOrders.PAID_AT, List.of(negative, negative));
    List<String> fields = fields(order);
    assertTrue(fields.contains("orderId"), fields.toString());
    assertTrue(fields.contains("buyerId"), fields.toString());
    assertTrue(fields.contains("lines[0].quantity"), fields.toString());
    assertTrue(fields.contains("lines[0].userPaid"), fields.toString());
    assertTrue(fields.contains("lines[0].feeRateBp"), fields.toString());
    assertTrue(fields.contains("lines[1].lineId"), "a repeated line ID is named");
  }

  @Test
  void shouldRefuseEmptyAndOversizedLineLists() {
    Order empty = new Order("o-1", "shp_1", "b", null, TestOrders.PAID_AT, List.of());
    assertEquals(List.of("lines"), fields(empty));
    List<OrderLine> many = new ArrayList<>();
    for (int i = 0; i <= OrderValidation.MAX_LINES; i++) {
      many.add(TestOrders.line("l" + i, "spu"));
    }
    Order big = new Order("o-2", "shp_1", "b", null, TestOrders.PAID_AT, many);
    assertEquals(List.of("lines"), fields(big));
  }

  @Test
  void shouldRefuseAmountsBeyondTheCap() {
    OrderLine huge =
        new OrderLine(
            "1",
            "spu-1",
            "sku",
            1,
            Fen.of(OrderValidation.MAX_LINE_AMOUNT_FEN + 1),
            Fen.ZERO,
            Fen.ZERO,
            Fen.ZERO,
            BasisPoints.of(500));
    Order order = new Order("o-1", "shp_1", "b", null, TestOrders.PAID_AT, List.of(huge));
    assertEquals(List.of("lines[0].userPaid"), fields(order));
  }

  @Test
  void shouldFingerprintTheWholeBody() {
    Order order = TestOrders.order("o-1", "shp_1", "spu-1", "spu-2");
    assertEquals(
        order.fingerprint(), TestOrders.order("o-1", "shp_1", "spu-1", "spu-2").fingerprint());
    assertNotEquals(
        order.fingerprint(), TestOrders.order("o-1", "shp_1", "spu-2", "spu-1").fingerprint());
    List<OrderLine> lines = new ArrayList<>(order.lines());
    Collections.reverse(lines);
    Order reordered = new Order("o-1", "shp_1", "buyer-1", null, TestOrders.PAID_AT, lines);
    assertNotEquals(order.fingerprint(), reordered.fingerprint());
  }

  @Test
  void shouldAllowOnlyTheStatusMachinesTransitions() {
    assertTrue(OrderStatus.PAID.canBecome(OrderStatus.ALLOCATED));
    assertTrue(OrderStatus.ALLOCATED.canBecome(OrderStatus.ACCEPTED));
    assertTrue(OrderStatus.ACCEPTED.canBecome(OrderStatus.SHIPPED));
    assertTrue(OrderStatus.SHIPPED.canBecome(OrderStatus.RECEIVED));
    assertTrue(OrderStatus.ALLOCATED.canBecome(OrderStatus.REJECTED));
    assertFalse(OrderStatus.ALLOCATED.canBecome(OrderStatus.SHIPPED));
    assertFalse(OrderStatus.RECEIVED.canBecome(OrderStatus.ALLOCATED));
    assertFalse(OrderStatus.SHIPPED.canBecome(OrderStatus.REJECTED));
    assertTrue(OrderStatus.RECEIVED.canBecome(OrderStatus.DISPUTED));
    assertTrue(OrderStatus.DISPUTED.canBecome(OrderStatus.REFUNDED));
    assertFalse(
        OrderStatus.DISPUTED.canBecome(OrderStatus.RECEIVED), "closing returns, not moves on");
    assertFalse(OrderStatus.REJECTED.canBecome(OrderStatus.REFUNDED), "the supplier gave it back");
    for (OrderStatus next : OrderStatus.values()) {
      assertFalse(OrderStatus.REFUNDED.canBecome(next), "REFUNDED is final");
    }
  }

  @Test
  void shouldAcceptExactlyTheIdsThePatternAccepts() {
    String alphabet = "aZ09_.:-/ é\u0000{";
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    List<String> samples = new ArrayList<>(List.of("", "a".repeat(64), "a".repeat(65)));
    for (int i = 0; i < 20_000; i++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(70);
      for (int c = 0; c < length; c++) {
        id.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      samples.add(id.toString());
    }
    for (String id : samples) {
      assertEquals(OrderValidation.ID.matcher(id).matches(), OrderValidation.isId(id), id);
    }
  }
}

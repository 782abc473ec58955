package io.daifa.readside;

import java.time.Instant;
import java.util.List;

/** A dropship order in a supplier's list. */
public record SupplierOrderRow(
    String orderId, String shopId, String status, List<String> lineIds, Instant updatedAt) {

  /**
   * Where a page of a supplier's list ends: an order ID, and the shop when the page ended within
   * the order ID's shops (null: after every shop's order with this ID).
   */
  public record Cursor(String orderId, String shopId) {

    /** A cursor as the API writes it: {@code orderId~shopId} ('~' is in neither). */
    public String text() {
      return shopId == null ? orderId : orderId + '~' + shopId;
    }

    public static Cursor parse(String text) {
      int tilde = text.indexOf('~');
      return tilde < 0
          ? new Cursor(text, null)
          : new Cursor(text.substring(0, tilde), text.substring(tilde + 1));
    }
  }

  public Cursor cursor() {
    return new Cursor(orderId, shopId);
  }
}

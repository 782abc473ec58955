package io.daifa.readside;

/**
 * Where a page of a supplier's list ends. The list holds first the supplier's rows of its own
 * (orders listed by earlier releases, and orders dispatched to it after their first routing), in
 * order of order ID and shop, then the first routings' dispatches, in the order they were routed.
 */
public sealed interface SupplierOrderCursor {

  /** The cursor as the API writes it: IDs never hold '~' or '@'. */
  String text();

  /**
   * After the supplier's own row of the order {@code orderId}, and of the shop {@code shopId} when
   * the page ended within the order ID's shops (null: after every shop's order with this ID).
   */
  record Row(String orderId, String shopId) implements SupplierOrderCursor {
    @Override
    public String text() {
      return shopId == null ? orderId : orderId + '~' + shopId;
    }
  }

  /**
   * After the first {@code listed} orders of the first routings a shop event sent the supplier (its
   * time in microseconds, its shop and sequence number).
   */
  record Routed(long micros, String shopId, long seqNr, int listed) implements SupplierOrderCursor {
    @Override
    public String text() {
      return "@" + micros + '~' + seqNr + '~' + listed + '~' + shopId;
    }
  }

  /**
   * The cursor {@code text} stands for; the IDs in it are the caller's to validate.
   *
   * @throws IllegalArgumentException if it is not a cursor this list writes
   */
  static SupplierOrderCursor parse(String text) {
    if (!text.startsWith("@")) {
      int tilde = text.indexOf('~');
      return tilde < 0
          ? new Row(text, null)
          : new Row(text.substring(0, tilde), text.substring(tilde + 1));
    }
    String[] parts = text.substring(1).split("~", 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a cursor of this list");
    }
    try {
      int listed = Integer.parseInt(parts[2]);
      if (listed < 0) {
        throw new IllegalArgumentException("not a cursor of this list");
      }
      return new Routed(Long.parseLong(parts[0]), parts[3], Long.parseLong(parts[1]), listed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a cursor of this list", e);
    }
  }
}

package io.daifa.wire;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-side group's orders promoted by one agency and paid in one hour, in one blob cell of the
 * read table {@code agency_promoted_orders}: each order's buyer, payment time, shop and ID, for the
 * settlement's burst rule (SPEC §10). A group holds thousands of orders but few agencies, so the
 * table costs one row per agency and group instead of one per order, appended at the end of its
 * partition (docs/performance-history.md, "An agency's orders per read-side group"). The cell
 * starts with its format version; a reader keeps reading every version ever written.
 */
public final class PromotedOrdersCell {

  static final int VERSION = 1;

  /** One promoted order: who bought it, when it was paid, and which shop's order it is. */
  public record Promoted(String buyerId, Instant paidAt, String shopId, String orderId) {}

  private PromotedOrdersCell() {}

  public static ByteBuffer write(List<Promoted> orders) {
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("an agency's row holds at least one order");
    }
    CompactWriter out = new CompactWriter(16 + 48 * orders.size());
    out.writeByte(VERSION);
    out.writeVarint(orders.size());
    for (Promoted order : orders) {
      out.writeString(order.buyerId());
      out.writeInstant(order.paidAt());
      out.writeString(order.shopId());
      out.writeString(order.orderId());
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  public static List<Promoted> read(ByteBuffer cell) {
    try {
      CompactReader in = CompactReader.ofCell(cell, VERSION);
      int count = in.readSize();
      List<Promoted> orders = new ArrayList<>(Math.min(count, 1_024));
      for (int i = 0; i < count; i++) {
        orders.add(
            new Promoted(in.readString(), in.readInstant(), in.readString(), in.readString()));
      }
      if (!in.atEnd()) {
        throw new NotSerializableException("trailing bytes");
      }
      return orders;
    } catch (NotSerializableException | IllegalArgumentException e) {
      throw new IllegalStateException("malformed promoted-orders cell: " + e.getMessage(), e);
    }
  }
}

package io.daifa.wire;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one shop event dispatched to one supplier, in one blob cell of the read table {@code
 * supplier_dispatches}: each order's ID and the IDs of its lines the supplier must ship. A shop's
 * batch of new orders touches a supplier once, so the supplier's list costs one row per supplier
 * and event instead of one row per order (docs/performance-history.md, "A supplier's list per shop
 * event"). The cell starts with its format version; a reader keeps reading every version ever
 * written.
 */
public final class SupplierDispatchesCell {

  static final int VERSION = 1;

  /** One order of the event at this supplier: its ID and the lines the supplier ships. */
  public record Dispatched(String orderId, List<String> lineIds) {
    public Dispatched {
      lineIds = List.copyOf(lineIds);
    }
  }

  private SupplierDispatchesCell() {}

  public static ByteBuffer write(List<Dispatched> orders) {
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("a supplier's row holds at least one order");
    }
    CompactWriter out = new CompactWriter(16 + 32 * orders.size());
    out.writeByte(VERSION);
    out.writeVarint(orders.size());
    for (Dispatched order : orders) {
      out.writeString(order.orderId());
      out.writeVarint(order.lineIds().size());
      for (String lineId : order.lineIds()) {
        out.writeString(lineId);
      }
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  public static List<Dispatched> read(ByteBuffer cell) {
    try {
      CompactReader in = CompactReader.ofCell(cell, VERSION);
      int count = in.readSize();
      List<Dispatched> orders = new ArrayList<>(Math.min(count, 1_024));
      for (int i = 0; i < count; i++) {
        String orderId = in.readString();
        int lines = in.readSize();
        List<String> lineIds = new ArrayList<>(Math.min(lines, 64));
        for (int j = 0; j < lines; j++) {
          lineIds.add(in.readString());
        }
        orders.add(new Dispatched(orderId, lineIds));
      }
      if (!in.atEnd()) {
        throw new NotSerializableException("trailing bytes");
      }
      return orders;
    } catch (NotSerializableException | IllegalArgumentException e) {
      throw new IllegalStateException("malformed supplier-dispatches cell: " + e.getMessage(), e);
    }
  }
}

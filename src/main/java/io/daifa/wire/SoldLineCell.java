package io.daifa.wire;

import io.daifa.order.SoldLine;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;

/**
 * A routed line's facts that never change (product, amounts, buyer, agency, paid time, commission
 * rate) in one blob cell of the read table {@code order_lines}, written once when the line is first
 * routed. Cassandra's cost per line write grows with its cells more than with its bytes: one cell
 * instead of twelve made the read side's hottest write markedly cheaper
 * (docs/performance-history.md, point 2b). The columns later events change (supplier, status,
 * times, rule, tracking) stay cells of their own, so that events applied in any order still settle
 * by write timestamp. The cell starts with its format version; a reader keeps reading every version
 * it ever wrote. Since 2026-12-03 the read side writes a whole order's routing in one {@link
 * RoutedOrderCell} instead; rows with this cell, as earlier releases wrote them, are still read
 * ({@code write} stays to pin the format in tests).
 */
public final class SoldLineCell {

  static final int VERSION = 1;

  private static final int NO_RATE = 0;

  private SoldLineCell() {}

  public static ByteBuffer write(SoldLine sold) {
    CompactWriter out = new CompactWriter(96);
    out.writeByte(VERSION);
    OrderBatchSerializer.writeLine(out, sold.line());
    out.writeString(sold.buyerId());
    out.writeString(sold.agencyId());
    out.writeInstant(sold.paidAt());
    // A rate of zero is stored as one more than it, so that 0 can stand for "no rate".
    out.writeVarint(sold.commissionRateBp() == null ? NO_RATE : sold.commissionRateBp() + 1L);
    return ByteBuffer.wrap(out.toByteArray());
  }

  /** The line's facts, or null if the cell is empty (the line's routing is not projected yet). */
  public static SoldLine read(ByteBuffer cell) {
    if (cell == null) {
      return null;
    }
    try {
      CompactReader in = CompactReader.ofCell(cell, VERSION);
      SoldLine sold =
          new SoldLine(
              OrderBatchSerializer.readLine(in),
              in.readString(),
              in.readString(),
              in.readInstant(),
              rate(in.readIndex()));
      if (!in.atEnd()) {
        throw new NotSerializableException("trailing bytes");
      }
      return sold;
    } catch (NotSerializableException e) {
      throw new IllegalStateException("malformed sale cell of an order line: " + e.getMessage(), e);
    }
  }

  private static Integer rate(int stored) {
    return stored == NO_RATE ? null : stored - 1;
  }
}

package io.daifa.wire;

import io.daifa.common.EpochMicros;
import io.daifa.order.SoldLine;
import io.daifa.routing.ManualReason;
import io.daifa.routing.RouteDecision;
import io.daifa.routing.RuleKind;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order as its shop routed it, in one blob cell of the read table {@code order_lines}: the row
 * of the order itself (line ID {@code ""}), written once by the read side when the shop's routing
 * of the order is projected. Each line's sale (what never changes) and its first routing (supplier,
 * rule, reason for a queued line) are in it; what later events change about a line (a status, a new
 * supplier, tracking) goes into the line's own row, which the readers lay over this one. One cell
 * for the whole order instead of a row of five or six cells per line cut the read side's cost in
 * Cassandra (docs/performance-history.md, "One row per routed order"). The order's buyer, agency
 * and paid time are written once, not per line. The cell starts with its format version, distinct
 * from {@link SoldLineCell}'s, whose line rows it replaces; a reader keeps reading every version
 * ever written.
 */
public final class RoutedOrderCell {

  static final int VERSION = 2;

  private static final int NO_RATE = 0;
  private static final int NO_RULE_TIME = 0;
  private static final int RULE_TIME = 1;

  /** The order's lines as first routed, and when: the time of the shop's event. */
  public record Routed(Instant at, List<Line> lines) {
    public Routed {
      lines = List.copyOf(lines);
    }
  }

  /**
   * One line as first routed: its sale, the supplier it went to (null if queued), the rule that
   * decided it (null for an order routed before decisions were recorded), and why it waits if
   * queued.
   */
  public record Line(
      SoldLine sold, String supplierId, RouteDecision decision, ManualReason manualReason) {}

  private RoutedOrderCell() {}

  /** The cell of {@code routed}; every line must be of one sale (buyer, agency, paid time). */
  public static ByteBuffer write(Routed routed) {
    List<Line> lines = routed.lines();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order has at least one line");
    }
    SoldLine first = lines.get(0).sold();
    CompactWriter out = new CompactWriter(64 + 64 * lines.size());
    out.writeByte(VERSION);
    out.writeSigned(EpochMicros.of(routed.at()));
    out.writeString(first.buyerId());
    out.writeString(first.agencyId());
    out.writeInstant(first.paidAt());
    out.writeVarint(lines.size());
    for (Line line : lines) {
      SoldLine sold = line.sold();
      OrderBatchSerializer.writeLine(out, sold.line());
      // A rate of zero is stored as one more than it, so that 0 can stand for "no rate".
      out.writeVarint(sold.commissionRateBp() == null ? NO_RATE : sold.commissionRateBp() + 1L);
      out.writeString(line.supplierId());
      RouteDecision decision = line.decision();
      out.writeString(decision == null ? null : decision.kind().name());
      if (decision == null || decision.setAt() == null) {
        out.writeVarint(NO_RULE_TIME);
      } else {
        out.writeVarint(RULE_TIME);
        out.writeSigned(EpochMicros.of(decision.setAt()));
      }
      out.writeString(line.manualReason() == null ? null : line.manualReason().name());
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  /** The order as first routed. */
  public static Routed read(ByteBuffer cell) {
    try {
      CompactReader in = CompactReader.ofCell(cell, VERSION);
      Instant at = EpochMicros.toInstant(in.readSigned());
      String buyerId = in.readString();
      String agencyId = in.readString();
      Instant paidAt = in.readInstant();
      int count = in.readSize();
      List<Line> lines = new ArrayList<>(Math.min(count, 1_024));
      for (int i = 0; i < count; i++) {
        SoldLine sold =
            new SoldLine(
                OrderBatchSerializer.readLine(in), buyerId, agencyId, paidAt, rate(in.readIndex()));
        String supplierId = in.readString();
        String kind = in.readString();
        Instant setAt = in.readIndex() == RULE_TIME ? EpochMicros.toInstant(in.readSigned()) : null;
        String reason = in.readString();
        lines.add(
            new Line(
                sold,
                supplierId,
                kind == null ? null : new RouteDecision(RuleKind.valueOf(kind), setAt),
                reason == null ? null : ManualReason.valueOf(reason)));
      }
      if (!in.atEnd()) {
        throw new NotSerializableException("trailing bytes");
      }
      return new Routed(at, lines);
    } catch (NotSerializableException | IllegalArgumentException e) {
      throw new IllegalStateException("malformed routed-order cell: " + e.getMessage(), e);
    }
  }

  private static Integer rate(int stored) {
    return stored == NO_RATE ? null : stored - 1;
  }
}

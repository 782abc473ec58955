package io.daifa.store;

import com.datastax.oss.driver.api.core.cql.Row;
import io.daifa.common.EpochMicros;
import io.daifa.order.OrderStatus;
import io.daifa.order.SoldLine;
import io.daifa.wire.RoutedOrderCell;
import io.daifa.wire.SoldLineCell;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An order's rows of the read table {@code order_lines} read back as its lines. The read side
 * writes the order's row (line ID {@code ""}) once, when the shop's routing is projected: every
 * line's sale and first routing in one {@link RoutedOrderCell}. Later events write a line's own row
 * (its status, a new supplier and rule, tracking, the settlement's marks), which is laid over the
 * order's: a column the line's row holds is newer than the order's row, since every event that
 * writes it comes after the routing. Lines written before the order's row existed (storage schema
 * 4) carry their sale in their own row and are read as they were.
 */
public final class OrderLineRows {

  /** The line ID of an order's own row; a line's ID is never empty. */
  public static final String ORDER_ROW = "";

  /**
   * One line: its sale (null while only a supplier's event has reached the read side for it), its
   * first routing from the order's row (null for a line of storage schema 4) and its own row (null
   * if no later event has touched it). The column readers ask the line's row and fall back to the
   * first routing.
   */
  public record Line(
      String orderId,
      String shopId,
      String lineId,
      SoldLine sold,
      RoutedOrderCell.Line routed,
      Instant routedAt,
      Row row) {

    /** The line's status; null before both its routing and any status reached the read side. */
    public String status() {
      String own = string("status");
      if (own != null || routed == null) {
        return own;
      }
      return (routed.supplierId() == null ? OrderStatus.PAID : OrderStatus.ALLOCATED).name();
    }

    public Instant updatedAt() {
      Instant own = instant("updated_at");
      return own != null ? own : routedAt;
    }

    public String supplierId() {
      return routingInRow() ? string("supplier_id") : routed.supplierId();
    }

    public String rule() {
      if (routingInRow()) {
        return string("rule");
      }
      return routed.decision() == null ? null : routed.decision().kind().name();
    }

    public Instant ruleSetAt() {
      if (routingInRow()) {
        return row == null || row.isNull("rule_set_micros")
            ? null
            : EpochMicros.toInstant(row.getLong("rule_set_micros"));
      }
      return routed.decision() == null ? null : routed.decision().setAt();
    }

    public String manualReason() {
      if (routingInRow()) {
        return string("manual_reason");
      }
      return routed.manualReason() == null ? null : routed.manualReason().name();
    }

    /** A column only the line's own row holds (carrier, tracking, the settlement's marks). */
    public String string(String column) {
      return row == null ? null : row.getString(column);
    }

    public Instant instant(String column) {
      return row == null ? null : row.getInstant(column);
    }

    public Long micros(String column) {
      return row == null || row.isNull(column) ? null : row.getLong(column);
    }

    public Map<String, Long> rejections() {
      return row == null ? Map.of() : row.getMap("rejections", String.class, Long.class);
    }

    /**
     * Routed again after its first routing (every later routing writes the rule, so the line's row
     * holds its supplier, rule and reason, nulls included), or a line of storage schema 4.
     */
    private boolean routingInRow() {
      return routed == null || (row != null && !row.isNull("rule"));
    }
  }

  private record LineKey(String shopId, String lineId) {}

  private static final Comparator<LineKey> BY_SHOP_AND_LINE =
      Comparator.comparing(LineKey::shopId).thenComparing(LineKey::lineId);

  private OrderLineRows() {}

  /**
   * The lines of the rows of one order, ordered by shop and line ID as the table is. A select must
   * read {@code order_id, shop_id, line_id, sale} and the columns its caller asks the lines for.
   */
  public static List<Line> of(List<Row> rows) {
    Map<LineKey, Line> lines = new TreeMap<>(BY_SHOP_AND_LINE);
    for (Row row : rows) {
      String orderId = row.getString("order_id");
      String shopId = row.getString("shop_id");
      String lineId = row.getString("line_id");
      ByteBuffer sale = row.getByteBuffer("sale");
      if (ORDER_ROW.equals(lineId)) {
        if (sale == null) {
          continue;
        }
        RoutedOrderCell.Routed routed = RoutedOrderCell.read(sale);
        // To the millisecond, as the timestamp column a line's own row keeps it in.
        Instant routedAt = routed.at().truncatedTo(ChronoUnit.MILLIS);
        for (RoutedOrderCell.Line first : routed.lines()) {
          String id = first.sold().line().lineId();
          // The order's row sorts before its lines' rows, so a line's row is laid over it later.
          lines.put(
              new LineKey(shopId, id),
              new Line(orderId, shopId, id, first.sold(), first, routedAt, null));
        }
        continue;
      }
      LineKey key = new LineKey(shopId, lineId);
      Line first = lines.get(key);
      if (first != null) {
        lines.put(
            key,
            new Line(orderId, shopId, lineId, first.sold(), first.routed(), first.routedAt(), row));
      } else {
        lines.put(key, new Line(orderId, shopId, lineId, SoldLineCell.read(sale), null, null, row));
      }
    }
    return new ArrayList<>(lines.values());
  }
}

package io.daifa.settlement;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.daifa.agency.AgencyState;
import io.daifa.agency.IncentiveOutcome;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.order.OrderStatus;
import io.daifa.order.SoldLine;
import io.daifa.store.OrderBuckets;
import io.daifa.store.OrderLineRows;
import io.daifa.wire.PromotedOrdersCell;
import io.daifa.wire.PromotedOrdersCell.Promoted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/** The settlement's reads and writes in Cassandra (schema/daifa.cql, "Settlement"). */
public final class SettlementStore {

  /** Why a line sits in the carried lines. */
  public static final String DEFERRED = "DEFERRED";

  public static final String HELD = "HELD";

  /** A page of an agency's hour holds up to 100 × 500 promoted orders (a few megabytes). */
  private static final int PROMOTED_ROWS_PER_PAGE = 100;

  private final CassandraSession session;
  private final String carriedPage;
  private final String receivedPage;
  private final String claimsPage;
  private final String anyReceived;
  private final String facts;
  private final String settledLine;
  private final String promotedOrders;
  private final String agencyBuyerOrders;
  private final String legacyBuyerOrders;
  private final String markSettled;
  private final String insertSettled;
  private final String updateIncentive;
  private final String carry;
  private final String uncarry;
  private final String markClawed;
  private final String dismissClaim;
  private final OrderBuckets buckets;

  public SettlementStore(CassandraSession session, String keyspace, OrderBuckets buckets) {
    this.session = session;
    this.buckets = buckets;
    String after = " AND (order_id, shop_id, line_id) > (?, ?, ?) LIMIT ?";
    this.carriedPage =
        "SELECT order_id, shop_id, line_id, reason FROM "
            + keyspace
            + ".carried_lines WHERE bucket = ?"
            + after;
    this.receivedPage =
        "SELECT order_id, shop_id, line_id FROM "
            + keyspace
            + ".cycle_lines WHERE cycle = ? AND bucket = ?"
            + after;
    this.claimsPage =
        "SELECT order_id, shop_id, line_id, refunded_at FROM "
            + keyspace
            + ".refund_claims WHERE bucket = ?"
            + after;
    this.anyReceived =
        "SELECT order_id FROM " + keyspace + ".cycle_lines WHERE cycle = ? AND bucket = ? LIMIT 1";
    this.facts =
        "SELECT order_id, line_id, shop_id, status, sale, tracking_no, settled_cycle FROM "
            + keyspace
            + ".order_lines WHERE bucket = ? AND order_id = ?";
    this.settledLine =
        "SELECT order_id, shop_id, line_id, cycle, agency_id, buyer_id, cash, points,"
            + " incentive, settled_at, clawed_cycle, commission FROM "
            + keyspace
            + ".settled_lines WHERE order_id = ? AND shop_id = ? AND line_id = ?";
    this.promotedOrders =
        "SELECT orders FROM "
            + keyspace
            + ".agency_promoted_orders WHERE agency_id = ? AND hour = ?";
    this.agencyBuyerOrders =
        "SELECT buyer_id, paid_at, shop_id, order_id FROM "
            + keyspace
            + ".agency_buyer_orders WHERE agency_id = ? AND hour = ?";
    this.legacyBuyerOrders =
        "SELECT COUNT(*) FROM "
            + keyspace
            + ".buyer_orders WHERE agency_id = ? AND buyer_id = ? AND paid_at >= ? AND paid_at <= ?";
    this.markSettled =
        "UPDATE "
            + keyspace
            + ".order_lines SET settled_cycle = ?, settled_at = ? WHERE bucket = ? AND order_id = ?"
            + " AND shop_id = ? AND line_id = ?";
    this.insertSettled =
        "INSERT INTO "
            + keyspace
            + ".settled_lines (order_id, shop_id, line_id, cycle, agency_id, buyer_id, cash,"
            + " points, incentive, settled_at, commission) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.updateIncentive =
        "UPDATE "
            + keyspace
            + ".settled_lines SET cash = ?, points = ?, incentive = ? WHERE order_id = ? AND"
            + " shop_id = ? AND line_id = ?";
    this.carry =
        "INSERT INTO "
            + keyspace
            + ".carried_lines (bucket, order_id, shop_id, line_id, reason, since_cycle) VALUES (?,"
            + " ?, ?, ?, ?, ?)";
    this.uncarry =
        "DELETE FROM "
            + keyspace
            + ".carried_lines WHERE bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?";
    this.markClawed =
        "UPDATE "
            + keyspace
            + ".settled_lines SET clawed_cycle = ? WHERE order_id = ? AND shop_id = ? AND"
            + " line_id = ?";
    this.dismissClaim =
        "DELETE FROM "
            + keyspace
            + ".refund_claims WHERE bucket = ? AND order_id = ? AND shop_id = ? AND line_id = ?";
  }

  /** Up to {@code limit} rows of the checkpoint's table and bucket, after its last line. */
  public CompletionStage<List<WorkRow>> page(String cycle, Checkpoint from, int limit) {
    CompletionStage<List<Row>> rows =
        switch (from.phase()) {
          case CARRIED ->
              session.selectAll(
                  carriedPage,
                  from.bucket(),
                  from.afterOrderId(),
                  from.afterShopId(),
                  from.afterLineId(),
                  limit);
          case RECEIVED ->
              session.selectAll(
                  receivedPage,
                  cycle,
                  from.bucket(),
                  from.afterOrderId(),
                  from.afterShopId(),
                  from.afterLineId(),
                  limit);
          case CLAIMS ->
              session.selectAll(
                  claimsPage,
                  from.bucket(),
                  from.afterOrderId(),
                  from.afterShopId(),
                  from.afterLineId(),
                  limit);
          case DONE -> CompletableFuture.completedFuture(List.of());
        };
    return rows.thenApply(
        list -> {
          List<WorkRow> work = new ArrayList<>(list.size());
          for (Row row : list) {
            work.add(
                new WorkRow(
                    row.getString("order_id"),
                    row.getString("shop_id"),
                    row.getString("line_id"),
                    from.phase() == Checkpoint.Phase.CARRIED ? row.getString("reason") : null,
                    from.phase() == Checkpoint.Phase.CLAIMS
                        ? row.getInstant("refunded_at")
                        : null));
          }
          return work;
        });
  }

  /** Whether any line was received in {@code cycle}. */
  public CompletionStage<Boolean> hasReceipts(String cycle) {
    CompletableFuture<Boolean> any = CompletableFuture.completedFuture(false);
    for (int bucket = 0; bucket < SettlementBuckets.COUNT; bucket++) {
      CompletionStage<Boolean> here =
          session.selectOne(anyReceived, cycle, bucket).thenApply(row -> row.isPresent());
      any = any.thenCombine(here, (a, b) -> a || b);
    }
    return any;
  }

  /** The facts of every line of these orders, keyed by {@link AgencyState#lineKey}. */
  public CompletionStage<Map<String, LineFacts>> facts(Collection<String> orderIds) {
    List<CompletableFuture<List<Row>>> reads = new ArrayList<>();
    for (String orderId : orderIds) {
      reads.add(session.selectAll(facts, buckets.of(orderId), orderId).toCompletableFuture());
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, LineFacts> byLine = new HashMap<>();
              for (CompletableFuture<List<Row>> read : reads) {
                for (OrderLineRows.Line stored : OrderLineRows.of(read.join())) {
                  LineFacts line = facts(stored);
                  byLine.put(
                      AgencyState.lineKey(line.shopId(), line.orderId(), line.lineId()), line);
                }
              }
              return byLine;
            });
  }

  public CompletionStage<SettledLine> settled(String orderId, String shopId, String lineId) {
    return session
        .selectOne(settledLine, orderId, shopId, lineId)
        .thenApply(row -> row.map(SettlementStore::settled).orElse(null));
  }

  /**
   * The agency's orders paid in this epoch hour, indexed by buyer: the read side's rows of them and
   * the rows an earlier release wrote one per order ({@code agency_buyer_orders}).
   */
  public CompletionStage<PromotedOrderIndex> promotedOrders(String agencyId, long hour) {
    CompletionStage<List<Row>> grouped =
        session.selectAll(
            SimpleStatement.newInstance(promotedOrders, agencyId, hour)
                .setPageSize(PROMOTED_ROWS_PER_PAGE));
    CompletionStage<List<Row>> single = session.selectAll(agencyBuyerOrders, agencyId, hour);
    return grouped.thenCombine(
        single,
        (groups, rows) -> {
          PromotedOrderIndex.Builder index = new PromotedOrderIndex.Builder();
          for (Row group : groups) {
            PromotedOrdersCell.read(group.getByteBuffer(0)).forEach(index::add);
          }
          for (Row row : rows) {
            index.add(
                new Promoted(
                    row.getString(0), row.getInstant(1), row.getString(2), row.getString(3)));
          }
          return index.build();
        });
  }

  /**
   * The agency's orders from this buyer paid between {@code from} and {@code to} in the table the
   * routers wrote before the read side did (data kept from an earlier release).
   */
  public CompletionStage<Long> legacyBuyerOrders(
      String agencyId, String buyerId, Instant from, Instant to) {
    return session
        .selectOne(legacyBuyerOrders, agencyId, buyerId, from, to)
        .thenApply(row -> row.map(r -> r.getLong(0)).orElse(0L));
  }

  public CompletionStage<Done> markSettled(LineDecision d, String cycle, Instant at) {
    return session.executeWrite(
        markSettled, cycle, at, buckets.of(d.orderId()), d.orderId(), d.shopId(), d.lineId());
  }

  public CompletionStage<Done> recordSettled(SettledLine line) {
    return session.executeWrite(
        insertSettled,
        line.orderId(),
        line.shopId(),
        line.lineId(),
        line.cycle(),
        line.agencyId(),
        line.buyerId(),
        line.cash().value(),
        line.points().hundredths(),
        line.incentive() == null ? null : line.incentive().name(),
        line.settledAt(),
        line.commission().value());
  }

  public CompletionStage<Done> updateIncentive(
      LineDecision d, Fen cash, Points points, IncentiveOutcome outcome) {
    return session.executeWrite(
        updateIncentive,
        cash.value(),
        points.hundredths(),
        outcome.name(),
        d.orderId(),
        d.shopId(),
        d.lineId());
  }

  public CompletionStage<Done> carry(LineDecision d, String reason, String sinceCycle) {
    return session.executeWrite(
        carry,
        SettlementBuckets.of(d.orderId()),
        d.orderId(),
        d.shopId(),
        d.lineId(),
        reason,
        sinceCycle);
  }

  public CompletionStage<Done> uncarry(LineDecision d) {
    return session.executeWrite(
        uncarry, SettlementBuckets.of(d.orderId()), d.orderId(), d.shopId(), d.lineId());
  }

  public CompletionStage<Done> markClawed(LineDecision d, String cycle) {
    return session.executeWrite(markClawed, cycle, d.orderId(), d.shopId(), d.lineId());
  }

  public CompletionStage<Done> dismissClaim(LineDecision d) {
    return session.executeWrite(
        dismissClaim, SettlementBuckets.of(d.orderId()), d.orderId(), d.shopId(), d.lineId());
  }

  /**
   * A line's facts; before the shop's routing event is projected (the supplier's receipt can come
   * first) it has no sale yet, and shows no paid time and no amounts.
   */
  private static LineFacts facts(OrderLineRows.Line stored) {
    SoldLine sold = stored.sold();
    String status = stored.status();
    return new LineFacts(
        stored.orderId(),
        stored.lineId(),
        stored.shopId(),
        sold == null ? null : sold.agencyId(),
        sold == null ? null : sold.buyerId(),
        status == null ? null : OrderStatus.valueOf(status),
        sold == null ? null : sold.paidAt(),
        sold == null ? Fen.ZERO : sold.line().userPaid(),
        sold == null ? Fen.ZERO : sold.line().settlementBase(),
        sold == null ? BasisPoints.ZERO : sold.line().feeRateBp(),
        stored.string("tracking_no"),
        stored.string("settled_cycle"),
        sold == null || sold.commissionRateBp() == null
            ? BasisPoints.ZERO
            : BasisPoints.of(sold.commissionRateBp()));
  }

  private static long longOrZero(Row row, String column) {
    return row.isNull(column) ? 0 : row.getLong(column);
  }

  private static SettledLine settled(Row row) {
    String incentive = row.getString("incentive");
    return new SettledLine(
        row.getString("order_id"),
        row.getString("shop_id"),
        row.getString("line_id"),
        row.getString("cycle"),
        row.getString("agency_id"),
        row.getString("buyer_id"),
        Fen.of(longOrZero(row, "cash")),
        Points.of(longOrZero(row, "points")),
        incentive == null ? null : IncentiveOutcome.valueOf(incentive),
        row.getInstant("settled_at"),
        row.getString("clawed_cycle"),
        Fen.of(longOrZero(row, "commission")));
  }
}

package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import io.daifa.readside.OrderProjection;
import io.daifa.settlement.BuyerOrderHours;
import io.daifa.settlement.PromotedOrderIndex;
import io.daifa.settlement.SettlementStore;
import io.daifa.store.OrderBuckets;
import io.daifa.wire.PromotedOrdersCell;
import io.daifa.wire.PromotedOrdersCell.Promoted;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.junit.jupiter.api.Test;

/**
 * The settlement's burst rule reads an agency's hour from the read side's grouped rows and from the
 * rows an earlier release wrote one per order, on the real node: an order found in both, or in two
 * groups, counts once.
 */
class PromotedOrdersIT {

  private static final Instant PAID = Instant.parse("2026-11-10T16:20:00Z");

  @Test
  void anAgencysHourCountsEveryTableOnceAndOrdersInTwoRowsOnce() throws Exception {
    Map<String, Object> config = TestCassandra.freshKeyspace("promoted");
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      CassandraSession session = OrderProjection.session(node.system());
      long hour = BuyerOrderHours.of(PAID);
      // An earlier release: one row per order.
      for (String orderId : List.of("o-1", "o-2")) {
        session
            .executeWrite(
                "INSERT INTO "
                    + keyspace
                    + ".agency_buyer_orders (agency_id, hour, buyer_id, paid_at, order_id,"
                    + " shop_id) VALUES (?, ?, ?, ?, ?, ?)",
                "ag-1",
                hour,
                "b-1",
                PAID,
                orderId,
                "s-1")
            .toCompletableFuture()
            .get();
      }
      // This release: o-2 again (projected by both), o-3 in two groups, another buyer's o-4.
      List<List<Promoted>> groups =
          List.of(
              List.of(
                  new Promoted("b-1", PAID, "s-1", "o-2"),
                  new Promoted("b-1", PAID.plusSeconds(120), "s-1", "o-3")),
              List.of(
                  new Promoted("b-1", PAID.plusSeconds(120), "s-1", "o-3"),
                  new Promoted("b-2", PAID, "s-1", "o-4")));
      for (List<Promoted> group : groups) {
        session
            .executeWrite(
                "INSERT INTO "
                    + keyspace
                    + ".agency_promoted_orders (agency_id, hour, written, orders) VALUES (?, ?,"
                    + " ?, ?)",
                "ag-1",
                hour,
                Uuids.timeBased(),
                PromotedOrdersCell.write(group))
            .toCompletableFuture()
            .get();
      }

      SettlementStore store =
          new SettlementStore(
              session,
              keyspace,
              OrderBuckets.fromConfig(DaifaConfig.load(config).getConfig("daifa")));
      PromotedOrderIndex index = store.promotedOrders("ag-1", hour).toCompletableFuture().get();
      assertEquals(4, index.size(), "o-1 … o-4, each once");
      assertEquals(3, index.count("b-1", PAID.minusSeconds(600), PAID.plusSeconds(600)));
      assertEquals(1, index.count("b-1", PAID.plusSeconds(1), PAID.plusSeconds(600)));
      assertEquals(1, index.count("b-2", PAID, PAID));
      assertEquals(
          0, store.promotedOrders("ag-2", hour).toCompletableFuture().get().size(), "no rows");
    }
  }
}

package io.daifa.readside;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.daifa.order.Order;
import io.daifa.settlement.BuyerOrderHours;
import io.daifa.wire.PromotedOrdersCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-side group's promoted orders, gathered per agency and hour of payment and written as one
 * row each of {@code agency_promoted_orders} ({@link PromotedOrdersCell}): a group of thousands of
 * orders from a few dozen agencies writes a few dozen rows instead of one per order. A row holds at
 * most {@link #MAX_PER_ROW} orders, so that no write nears Cassandra's batch-size warning.
 */
final class PromotedOrders {

  static final int MAX_PER_ROW = 500;

  private record AgencyHour(String agencyId, long hour) {}

  private final Map<AgencyHour, List<PromotedOrdersCell.Promoted>> byAgencyHour =
      new LinkedHashMap<>();

  /** Adds the order if an agency promoted it. */
  void add(String shopId, Order order) {
    if (order.agencyId() != null) {
      byAgencyHour
          .computeIfAbsent(
              new AgencyHour(order.agencyId(), BuyerOrderHours.of(order.paidAt())),
              k -> new ArrayList<>())
          .add(
              new PromotedOrdersCell.Promoted(
                  order.buyerId(), order.paidAt(), shopId, order.orderId()));
    }
  }

  /** One row per agency, hour and {@link #MAX_PER_ROW} orders, each a request of its own. */
  void writeTo(PartitionWrites writes, PreparedStatement statement) {
    byAgencyHour.forEach(
        (key, orders) -> {
          for (int from = 0; from < orders.size(); from += MAX_PER_ROW) {
            List<PromotedOrdersCell.Promoted> row =
                orders.subList(from, Math.min(orders.size(), from + MAX_PER_ROW));
            writes.add(
                statement,
                key.agencyId() + "/" + key.hour() + "/" + from,
                statement
                    .boundStatementBuilder()
                    .setString(0, key.agencyId())
                    .setLong(1, key.hour())
                    .setUuid(2, Uuids.timeBased())
                    .setByteBuffer(3, PromotedOrdersCell.write(row))
                    .build());
          }
        });
  }
}

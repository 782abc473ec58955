package io.daifa.readside;

import io.daifa.agency.AgencyEntity;
import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.common.SizedBatches;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.shop.RoutedOrder;
import io.daifa.shop.ShopEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Feeds agency GMV from the order projection's groups: every routed order with an agency is
 * credited to that agency, one command (and one journal row) per agency per group and about 1,000
 * orders, at least once (the group's offset moves only after every agency has stored its credits).
 * Orders travel grouped by the shop event they came in, named by its sequence number and the
 * projection's slice, so that the agency counts each event once with a high-water mark per shop and
 * slice ({@link io.daifa.agency.BatchTally}). It rides in the order projection rather than reading
 * the tags again: one read and one decoding of each event serve both.
 */
public final class AgencyGmvFeed {

  private static final Duration ASK = Duration.ofSeconds(5);

  /**
   * Orders per credit command, about (a shop event is never split): its message stays well under
   * 256 KiB, the largest message the router sends. A group catching up can hold tens of thousands
   * of one agency's orders.
   */
  static final int ORDERS_PER_CREDIT = 1_000;

  private final ClusterSharding sharding;

  public AgencyGmvFeed(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /**
   * Credits the routed orders of these events, read from tag {@code slice} (or fed by their shops,
   * {@link ReadSideWriter#SLICE}); completes once every agency stored them.
   */
  public CompletionStage<Done> credit(List<JournalEvent> events, int slice) {
    Map<String, List<AgencyEntity.ShopBatch>> byAgency = new LinkedHashMap<>();
    for (JournalEvent event : events) {
      if (!(event.event() instanceof ShopEvent shopEvent)) {
        continue;
      }
      Map<String, List<AgencyEntity.PaidOrder>> ordersByAgency = new LinkedHashMap<>();
      for (RoutedOrder routed : ShopEvent.routedOrders(shopEvent)) {
        Order order = routed.order();
        if (order.agencyId() != null) {
          ordersByAgency.computeIfAbsent(order.agencyId(), a -> new ArrayList<>()).add(paid(order));
        }
      }
      ordersByAgency.forEach(
          (agencyId, orders) ->
              byAgency
                  .computeIfAbsent(agencyId, a -> new ArrayList<>())
                  .add(
                      new AgencyEntity.ShopBatch(
                          shopEvent.shopId(), slice, event.sequenceNr(), orders)));
    }
    CompletableFuture<?>[] credits =
        byAgency.entrySet().stream()
            .flatMap(
                e ->
                    // whole shop events, in commands of about ORDERS_PER_CREDIT orders
                    SizedBatches.split(e.getValue(), b -> b.orders().size(), ORDERS_PER_CREDIT)
                        .stream()
                        .map(chunk -> credit(e.getKey(), chunk)))
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(credits).thenApply(all -> Done.getInstance());
  }

  private static AgencyEntity.PaidOrder paid(Order order) {
    List<AgencyEntity.PaidLine> lines = new ArrayList<>(order.lines().size());
    for (OrderLine line : order.lines()) {
      lines.add(new AgencyEntity.PaidLine(line.lineId(), line.userPaid()));
    }
    return new AgencyEntity.PaidOrder(order.orderId(), order.paidAt(), lines);
  }

  private CompletionStage<Done> credit(String agencyId, List<AgencyEntity.ShopBatch> batches) {
    return sharding
        .entityRefFor(AgencyEntity.ENTITY_TYPE_KEY, agencyId)
        .<Outcome<Ack>>ask(r -> new AgencyEntity.CreditGmv(batches, r), ASK)
        .thenApply(
            outcome -> {
              if (!outcome.isDone()) {
                throw new IllegalStateException("GMV credit refused: " + outcome);
              }
              return Done.getInstance();
            });
  }
}

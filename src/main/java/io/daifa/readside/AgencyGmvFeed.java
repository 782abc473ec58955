package io.daifa.readside;

import io.daifa.agency.AgencyEntity;
import io.daifa.common.Ack;
import io.daifa.common.Outcome;
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
 * credited to that agency, one command (and one journal row) per agency per group and 1,000 orders,
 * at least once (the group's offset moves only after every agency has stored its credits), and the
 * agency counts each line once. It rides in the order projection rather than reading the tags
 * again: one read and one decoding of each event serve both.
 */
public final class AgencyGmvFeed {

  private static final Duration ASK = Duration.ofSeconds(5);

  /**
   * Orders per credit command: its event (about 150 bytes per order) stays well under 256 KiB, the
   * largest message or event the router sends or stores. A group catching up can hold tens of
   * thousands of one agency's orders.
   */
  static final int ORDERS_PER_CREDIT = 1_000;

  private final ClusterSharding sharding;

  public AgencyGmvFeed(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /** Credits the routed orders of these events; completes once every agency stored them. */
  public CompletionStage<Done> credit(List<Object> events) {
    Map<String, List<AgencyEntity.PaidOrder>> byAgency = new LinkedHashMap<>();
    for (Object event : events) {
      if (!(event instanceof ShopEvent shopEvent)) {
        continue;
      }
      for (RoutedOrder routed : ShopEvent.routedOrders(event)) {
        Order order = routed.order();
        if (order.agencyId() == null) {
          continue;
        }
        List<AgencyEntity.PaidLine> lines = new ArrayList<>(order.lines().size());
        for (OrderLine line : order.lines()) {
          lines.add(new AgencyEntity.PaidLine(line.lineId(), line.userPaid()));
        }
        byAgency
            .computeIfAbsent(order.agencyId(), a -> new ArrayList<>())
            .add(
                new AgencyEntity.PaidOrder(
                    shopEvent.shopId(), order.orderId(), order.paidAt(), lines));
      }
    }
    CompletableFuture<?>[] credits =
        byAgency.entrySet().stream()
            .map(e -> credit(e.getKey(), e.getValue()).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(credits).thenApply(all -> Done.getInstance());
  }

  /** In commands of at most {@link #ORDERS_PER_CREDIT} orders, each one journal row. */
  private CompletionStage<Done> credit(String agencyId, List<AgencyEntity.PaidOrder> orders) {
    CompletableFuture<?>[] chunks =
        new CompletableFuture<?>[(orders.size() + ORDERS_PER_CREDIT - 1) / ORDERS_PER_CREDIT];
    for (int i = 0; i < chunks.length; i++) {
      List<AgencyEntity.PaidOrder> chunk =
          orders.subList(
              i * ORDERS_PER_CREDIT, Math.min(orders.size(), (i + 1) * ORDERS_PER_CREDIT));
      chunks[i] = creditChunk(agencyId, List.copyOf(chunk)).toCompletableFuture();
    }
    return CompletableFuture.allOf(chunks).thenApply(all -> Done.getInstance());
  }

  private CompletionStage<Done> creditChunk(String agencyId, List<AgencyEntity.PaidOrder> orders) {
    return sharding
        .entityRefFor(AgencyEntity.ENTITY_TYPE_KEY, agencyId)
        .<Outcome<Ack>>ask(r -> new AgencyEntity.CreditGmv(orders, r), ASK)
        .thenApply(
            outcome -> {
              if (!outcome.isDone()) {
                throw new IllegalStateException("GMV credit refused: " + outcome);
              }
              return Done.getInstance();
            });
  }
}

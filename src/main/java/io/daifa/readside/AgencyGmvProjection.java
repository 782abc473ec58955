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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Feeds agency GMV: every routed order with an agency is credited to that agency, at least once
 * (the projection's offset moves only after the agency has stored the credit), and the agency
 * counts each line once. Reads the same tag slices as the order read side, with its own offsets.
 */
public final class AgencyGmvProjection {

  private static final Duration ASK = Duration.ofSeconds(5);

  /** Envelopes handled together: one credit command (and journal write) per agency per group. */
  private static final int GROUP_SIZE = 500;

  private static final Duration GROUP_WITHIN = Duration.ofMillis(500);

  private AgencyGmvProjection() {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "agency-gmv",
            OrderTags.SLICES,
            slice ->
                ProjectionBehavior.create(
                    CassandraProjection.groupedWithin(
                            ProjectionId.of("agency-gmv", OrderTags.tag(slice)),
                            EventSourcedProvider.eventsByTag(
                                system, CassandraReadJournal.Identifier(), OrderTags.tag(slice)),
                            () -> new CreditHandler(sharding))
                        .withGroup(GROUP_SIZE, GROUP_WITHIN)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  /**
   * Credits a group of envelopes: the routed orders with an agency, grouped by agency, one command
   * per agency; the group's offset is stored only once every agency has stored its credits.
   */
  static final class CreditHandler extends Handler<List<EventEnvelope<Object>>> {
    private final ClusterSharding sharding;

    CreditHandler(ClusterSharding sharding) {
      this.sharding = sharding;
    }

    @Override
    public CompletionStage<Done> process(List<EventEnvelope<Object>> envelopes) {
      Map<String, List<AgencyEntity.PaidOrder>> byAgency = new LinkedHashMap<>();
      for (EventEnvelope<Object> envelope : envelopes) {
        for (RoutedOrder routed : ShopEvent.routedOrders(envelope.event())) {
          Order order = routed.order();
          if (order.agencyId() == null) {
            continue;
          }
          List<AgencyEntity.PaidLine> lines = new ArrayList<>();
          for (OrderLine line : order.lines()) {
            lines.add(new AgencyEntity.PaidLine(line.lineId(), line.userPaid()));
          }
          byAgency
              .computeIfAbsent(order.agencyId(), a -> new ArrayList<>())
              .add(new AgencyEntity.PaidOrder(order.orderId(), order.paidAt(), lines));
        }
      }
      CompletableFuture<?>[] credits =
          byAgency.entrySet().stream()
              .map(e -> credit(e.getKey(), e.getValue()).toCompletableFuture())
              .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(credits).thenApply(all -> Done.getInstance());
    }

    private CompletionStage<Done> credit(String agencyId, List<AgencyEntity.PaidOrder> orders) {
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
}

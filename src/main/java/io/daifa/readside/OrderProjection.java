package io.daifa.readside;

import io.daifa.common.Recoveries;
import io.daifa.order.OrderTags;
import io.daifa.store.OrderBuckets;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Runs the order projection: one instance per tag slice, spread over the cluster by Sharded Daemon
 * Process, each reading its tag at least once, upserting the read tables and crediting agency GMV.
 */
public final class OrderProjection {

  public static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";

  private OrderProjection() {}

  public static CassandraSession session(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system).sessionFor(SESSION_CONFIG);
  }

  /**
   * Starts the projection of the tagged events and this node's writer of the shops' own batches;
   * returns the port the node's shops feed.
   */
  public static ShopReadSide init(
      ActorSystem<?> system, String keyspace, ReadSideObserver observer) {
    CassandraSession session = session(system);
    ReadSideSettings settings = settings(system);
    ActorRef<ReadSideWriter.Command> writer =
        system.systemActorOf(
            ReadSideWriter.create(
                handler(system, session, keyspace, settings, ReadSideWriter.SLICE, observer),
                settings.writerGroupSize(),
                settings.groupWithin()),
            "read-side-writer",
            Props.empty());
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "order-projection",
            OrderTags.SLICES,
            slice ->
                ProjectionBehavior.create(
                    projection(system, session, keyspace, settings, slice, observer)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
    return new ShopReadSide(system, writer);
  }

  private static ReadSideSettings settings(ActorSystem<?> system) {
    return ReadSideSettings.fromConfig(system.settings().config().getConfig("daifa.read-side"));
  }

  private static OrderProjectionHandler handler(
      ActorSystem<?> system,
      CassandraSession session,
      String keyspace,
      ReadSideSettings settings,
      int slice,
      ReadSideObserver observer) {
    var config = system.settings().config();
    return new OrderProjectionHandler(
        session,
        keyspace,
        OrderBuckets.fromConfig(config.getConfig("daifa")),
        config.getInt("daifa.settlement.day-of-month"),
        settings,
        new AgencyGmvFeed(ClusterSharding.get(system)),
        slice,
        observer,
        Recoveries.get(system));
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(
      ActorSystem<?> system,
      CassandraSession session,
      String keyspace,
      ReadSideSettings settings,
      int slice,
      ReadSideObserver observer) {
    String tag = OrderTags.tag(slice);
    SourceProvider<Offset, EventEnvelope<Object>> source =
        new RereadingTagSource(
            EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag),
            settings.rereadOnStart());
    return CassandraProjection.groupedWithin(
            ProjectionId.of("orders", tag),
            source,
            () -> handler(system, session, keyspace, settings, slice, observer))
        .withGroup(settings.groupSize(), settings.groupWithin());
  }
}

package io.daifa.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;

/**
 * Runs the webhook workers: one per slice of the supplier events tagged for webhooks, spread over
 * the cluster by Sharded Daemon Process. Each reads its tag at least once into the delivery log and
 * sends through its own {@link WebhookSender}, off the order path.
 */
public final class WebhookWorkers {

  private WebhookWorkers() {}

  public static void init(
      ActorSystem<?> system, WebhookStore store, WebhookSettings settings, Clock clock) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    WebhookPoster poster = new WebhookPoster(settings, blocking, clock);
    WebhookRetries retries = new WebhookRetries(settings, new Random());
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "webhooks",
            WebhookTags.SLICES,
            slice ->
                Behaviors.setup(
                    ctx -> {
                      ActorRef<WebhookSender.Command> sender =
                          ctx.spawn(
                              WebhookSender.create(slice, store, poster, retries, settings, clock),
                              "sender");
                      return ProjectionBehavior.create(
                          CassandraProjection.atLeastOnce(
                                  ProjectionId.of("webhooks", WebhookTags.tag(slice)),
                                  EventSourcedProvider.eventsByTag(
                                      system,
                                      CassandraReadJournal.Identifier(),
                                      WebhookTags.tag(slice)),
                                  () -> new WebhookProjectionHandler(store, sender))
                              .withSaveOffset(20, Duration.ofSeconds(1)));
                    }),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }
}

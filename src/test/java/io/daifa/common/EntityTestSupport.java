package io.daifa.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Configuration and helpers shared by the entity unit tests (in-memory journal, local only). */
public final class EntityTestSupport {

  private EntityTestSupport() {}

  public static Config config() {
    return ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.parseResources("serialization.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static EntitySettings settings() {
    return settings(Duration.ZERO, false);
  }

  /**
   * The same, with idle passivation after {@code passivateIdleAfter} and a supplier's group commit.
   */
  public static EntitySettings settings(Duration passivateIdleAfter, boolean groupDeliveries) {
    return new EntitySettings(
        Duration.ofDays(7),
        Duration.ofHours(72),
        Duration.ofHours(1),
        100,
        true,
        100,
        10_000,
        passivateIdleAfter,
        Duration.ofHours(1),
        groupDeliveries);
  }

  /** A message one entity sent to another, as captured by a test's outbound port. */
  public record Sent<C>(String to, C command) {}

  /** Collects what an entity sends; safe to read from the test thread. */
  public static final class Outbox<C> {
    private final List<Sent<C>> sent = new CopyOnWriteArrayList<>();

    public void record(String to, C command) {
      sent.add(new Sent<>(to, command));
    }

    /** Everything sent since the last call. */
    public List<Sent<C>> drain() {
      List<Sent<C>> copy = List.copyOf(sent);
      sent.removeAll(copy);
      return copy;
    }
  }
}

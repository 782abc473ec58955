package io.daifa.store;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * What the node's intake log did, for its metrics: the journal actor counts, the node's metrics
 * read (the journal is made by Pekko, not by the node, so they meet in this extension).
 */
public final class IntakeLogStats implements Extension {

  private static final AbstractExtensionId<IntakeLogStats> ID =
      new AbstractExtensionId<>() {
        @Override
        public IntakeLogStats createExtension(ExtendedActorSystem system) {
          return new IntakeLogStats();
        }
      };

  final AtomicLong logWrites = new AtomicLong();
  final AtomicLong failedLogWrites = new AtomicLong();
  final AtomicLong eventsLogged = new AtomicLong();
  final AtomicLong eventsCopied = new AtomicLong();
  final AtomicLong failedCopies = new AtomicLong();
  final AtomicLong eventsLeftByGoneRouters = new AtomicLong();

  public static IntakeLogStats get(ActorSystem system) {
    return ID.get(system);
  }

  /** Log writes that landed: each one partition, holding every entity's writes sent together. */
  public long logWrites() {
    return logWrites.get();
  }

  public long failedLogWrites() {
    return failedLogWrites.get();
  }

  /** Events answered from the log. */
  public long eventsLogged() {
    return eventsLogged.get();
  }

  /** Events of this node's log copied to the entities' journals. */
  public long eventsCopied() {
    return eventsCopied.get();
  }

  /** Events in the log not yet copied: at most about a copy window's, unless copies fail. */
  public long eventsWaitingToBeCopied() {
    return eventsLogged.get() - eventsCopied.get();
  }

  /** Copies through the plugin that failed and were tried again. */
  public long failedCopies() {
    return failedCopies.get();
  }

  /** Events copied from the logs of routers that stopped without copying them (a crash). */
  public long eventsLeftByGoneRouters() {
    return eventsLeftByGoneRouters.get();
  }
}

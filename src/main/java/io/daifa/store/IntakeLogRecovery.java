package io.daifa.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.serialization.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what other writers' intake logs hold and have not copied: all of it for a writer whose
 * router is gone (a crash, or a stop that could not copy), and one persistence ID's events for a
 * shop or supplier that starts here after running on another router. Blocking: runs on a blocking
 * thread.
 */
final class IntakeLogRecovery {

  private static final Logger log = LoggerFactory.getLogger(IntakeLogRecovery.class);

  private final IntakeLogTable table;
  private final Serialization serialization;
  private final String self;
  private final IntakeLogStats stats;
  private final AtomicBoolean copyingGone = new AtomicBoolean();

  IntakeLogRecovery(
      IntakeLogTable table, Serialization serialization, String self, IntakeLogStats stats) {
    this.table = table;
    this.stats = stats;
    this.serialization = serialization;
    this.self = self;
  }

  /** This router's identity for as long as it runs: its cluster address and incarnation. */
  static String selfNode(ActorSystem system) {
    try {
      return Cluster.get(system).selfUniqueAddress().toString();
    } catch (RuntimeException notClustered) {
      return "local " + system.name();
    }
  }

  /** The routers in the cluster now; none for a router outside a cluster. */
  static Set<String> liveNodes(ActorSystem system) {
    Set<String> live = new HashSet<>();
    try {
      for (Member member : Cluster.get(system).state().getMembers()) {
        live.add(member.uniqueAddress().toString());
      }
    } catch (RuntimeException notClustered) {
      // alone: every other writer is gone
    }
    return live;
  }

  /**
   * Copies everything the writers of routers no longer in the cluster left uncopied, then forgets
   * them. A router the cluster has not seen yet counts as gone: copying its log is harmless (a copy
   * is the same row), and it records itself again at its next copy.
   */
  void copyWritersGone(
      Set<String> live, Function<List<LoggedEvent>, CompletableFuture<Void>> copy) {
    if (!copyingGone.compareAndSet(false, true)) {
      return;
    }
    try {
      for (IntakeLogTable.Writer writer : table.writers()) {
        if (writer.writer().equals(self) || live.contains(writer.node())) {
          continue;
        }
        long slot = writer.copiedThrough() + 1;
        int events = 0;
        while (table.slotHasRows(writer.writer(), slot)) {
          List<LoggedEvent> found = events(table.rows(writer.writer(), slot, null));
          copy.apply(found).join();
          stats.eventsLeftByGoneRouters.addAndGet(found.size());
          events += found.size();
          slot++;
        }
        for (long copied = writer.copiedThrough() + 1; copied < slot; copied++) {
          table.deleteSlot(writer.writer(), copied).toCompletableFuture().join();
        }
        table.forget(writer.writer()).toCompletableFuture().join();
        log.info(
            "Copied {} events the intake log {} of {} left, in {} slots",
            events,
            writer.writer(),
            writer.node(),
            slot - writer.copiedThrough() - 1);
      }
    } finally {
      copyingGone.set(false);
    }
  }

  /** The events of {@code persistenceId} that other writers logged and have not copied. */
  List<LoggedEvent> othersHold(String persistenceId) {
    List<LoggedEvent> found = new ArrayList<>();
    for (IntakeLogTable.Writer writer : table.writers()) {
      if (!writer.writer().equals(self)) {
        found.addAll(events(heldBy(writer, persistenceId)));
      }
    }
    found.sort((a, b) -> Long.compare(a.repr().sequenceNr(), b.repr().sequenceNr()));
    return found;
  }

  /**
   * Reads the writer's slots after its mark in turn, until an empty one. A live writer deletes the
   * slots its mark passed: an empty slot ends the search only if the mark, read again, is still
   * before it.
   */
  private List<IntakeLogTable.Row> heldBy(IntakeLogTable.Writer writer, String persistenceId) {
    List<IntakeLogTable.Row> rows = new ArrayList<>();
    long slot = writer.copiedThrough() + 1;
    while (true) {
      if (table.slotHasRows(writer.writer(), slot)) {
        rows.addAll(table.rows(writer.writer(), slot, persistenceId));
        slot++;
        continue;
      }
      Optional<IntakeLogTable.Writer> now = table.writer(writer.writer());
      if (now.isEmpty() || now.get().copiedThrough() < slot) {
        return rows;
      }
      slot = now.get().copiedThrough() + 1;
    }
  }

  private List<LoggedEvent> events(List<IntakeLogTable.Row> rows) {
    List<LoggedEvent> events = new ArrayList<>(rows.size());
    for (IntakeLogTable.Row row : rows) {
      Object payload =
          serialization
              .deserialize(row.event(), row.serializerId(), row.serializerManifest())
              .get();
      PersistentRepr repr =
          PersistentRepr.apply(
              payload,
              row.sequenceNr(),
              row.persistenceId(),
              row.eventManifest(),
              false,
              ActorRef.noSender(),
              row.writerUuid());
      events.add(new LoggedEvent(repr, row.timestamp(), -1, null));
    }
    return events;
  }

  /** Runs {@code step} until it succeeds, a second apart: storage may not be up yet. */
  static <T> T retrying(String what, Supplier<T> step) {
    while (true) {
      try {
        return step.get();
      } catch (RuntimeException e) {
        log.warn("{} failed, trying again in a second: {}", what, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}

package io.daifa.store;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.typesafe.config.Config;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.japi.pf.ReceiveBuilder;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.cassandra.journal.CassandraJournal;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.PartialFunction;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The shops' and suppliers' journal: the Cassandra plugin's, with a write-ahead log in front of it.
 * An entity's write is answered when it is in the log, where everything the node's entities wrote
 * during the log's previous write lands as one partition write (Cassandra's cost is per partition,
 * not per row); once a copy window the events are copied to the plugin's own tables, one write per
 * entity, with the timestamps they were logged with, so that a copy written twice is the same row.
 * Replays, sequence number reads and deletes of an entity wait until its copies are written, and
 * first copy what other routers' logs still hold of it: those of a router that died, and those of
 * one it just left. Tagged events bypass the log (the plugin's tag writers must see each once):
 * they wait for the entity's logged events to be copied, which starts at once. See
 * docs/intake-partitions.md.
 */
public class IntakeLogJournal extends CassandraJournal {

  private static final Logger log = LoggerFactory.getLogger(IntakeLogJournal.class);

  /** An entity's write waiting for, or in, a log write. */
  private record PendingWrite(
      String persistenceId,
      List<PersistentRepr> events,
      List<IntakeLogTable.Row> rows,
      int bytes,
      Promise<Seq<Try<BoxedUnit>>> done) {}

  private record Logged(List<PendingWrite> writes, long slot, Throwable error) {}

  private record Voided(PendingWrite write, long slot, Throwable error) {}

  private record Copied(String persistenceId, List<LoggedEvent> events, Throwable error) {}

  private record WrittenThrough(String persistenceId, Runnable then) {}

  private record Tick() {}

  private record Recorded(long through, Throwable error) {}

  private record AfterDrained(String persistenceId, Runnable then) {}

  private record CopyFound(List<LoggedEvent> events, CompletableFuture<Void> done) {}

  private record CopyEverything(CompletableFuture<Done> done) {}

  private record Perform(Runnable action) {}

  private final IntakeLogSettings settings;

  /** For threads other than this actor's, which must not touch its context. */
  private final org.apache.pekko.actor.ActorSystem system;

  private final String writer = UUID.randomUUID().toString();
  private final String node;
  private final Serialization serialization;
  private final IntakeLogTable table;
  private final IntakeLogRecovery recovery;
  private final Executor blocking;
  private final IntakeLogSlots slots = new IntakeLogSlots();
  private final IntakeLogStats stats;

  /** Started: the writer recorded and the logs of routers that are gone copied. */
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private final ArrayDeque<PendingWrite> queue = new ArrayDeque<>();
  private int queuedBytes;
  private int logWritesInFlight;

  /** Per persistence ID: writes queued, in a log write, or voided after a failed one. */
  private final Map<String, Integer> logging = new HashMap<>();

  /** Events in the log, not yet copied, per persistence ID in sequence order. */
  private final Map<String, List<LoggedEvent>> toCopy = new LinkedHashMap<>();

  /** A write through the plugin in flight: at most one per persistence ID. */
  private final Set<String> copying = new HashSet<>();

  private final Map<String, List<Runnable>> waiting = new HashMap<>();

  /** The timestamps of the events being written through the plugin ({@link #generateUUID}). */
  private final Map<PersistentRepr, UUID> timestamps = new IdentityHashMap<>();

  private long recordedThrough = -1;
  private boolean recording;
  private Cancellable ticks;
  private long windows;
  private int failedCopies;
  private CompletableFuture<Done> stopping;

  public IntakeLogJournal(Config cfg, String cfgPath) {
    super(cfg, cfgPath);
    this.settings = IntakeLogSettings.fromConfig(cfg);
    this.system = context().system();
    this.stats = IntakeLogStats.get(system);
    this.serialization = SerializationExtension.get(context().system());
    String sharedConfigPath = cfgPath.replaceAll("\\.journal$", "");
    var session =
        CassandraSessionRegistry.get(context().system()).sessionFor(sharedConfigPath).underlying();
    this.table = new IntakeLogTable(() -> session, cfg.getString("keyspace"));
    this.node = IntakeLogRecovery.selfNode(context().system());
    this.recovery = new IntakeLogRecovery(table, serialization, writer, stats);
    this.blocking =
        context().system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
  }

  @Override
  public void preStart() {
    super.preStart();
    var window = scala.concurrent.duration.Duration.fromNanos(settings.copyWindow().toNanos());
    ticks =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                window, window, self(), new Tick(), context().dispatcher(), self());
    CoordinatedShutdown.get(context().system())
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "intake-log-copy-" + writer,
            () -> {
              CompletableFuture<Done> done = new CompletableFuture<>();
              self().tell(new CopyEverything(done), self());
              return done;
            });
    CompletableFuture.runAsync(this::start, blocking).whenComplete((v, e) -> ready.complete(null));
  }

  /** Records this writer, then copies what routers that are gone left in their logs. */
  private void start() {
    IntakeLogRecovery.retrying(
        "starting the intake log",
        () -> {
          table.prepare().toCompletableFuture().join();
          table.record(writer, node, -1).toCompletableFuture().join();
          recovery.copyWritersGone(IntakeLogRecovery.liveNodes(system), this::copyFound);
          return null;
        });
    log.info(
        "Intake log {} of {} started: copies every {} ms",
        writer,
        node,
        settings.copyWindow().toMillis());
  }

  @Override
  public void postStop() throws Exception {
    ticks.cancel();
    super.postStop();
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receivePluginInternal() {
    PartialFunction<Object, BoxedUnit> mine =
        ReceiveBuilder.create()
            .match(Logged.class, this::onLogged)
            .match(Voided.class, this::onVoided)
            .match(Copied.class, this::onCopied)
            .match(WrittenThrough.class, this::onWrittenThrough)
            .match(Tick.class, t -> onTick())
            .match(Recorded.class, this::onRecorded)
            .match(AfterDrained.class, r -> whenDrained(r.persistenceId(), r.then()))
            .match(CopyFound.class, this::onCopyFound)
            .match(CopyEverything.class, this::onCopyEverything)
            .match(Perform.class, p -> p.action().run())
            .build()
            .onMessage();
    return mine.orElse(super.receivePluginInternal());
  }

  // Writing: into the log, answered when it lands.

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    List<AtomicWrite> writes = CollectionConverters.asJava(messages);
    String persistenceId = writes.get(0).persistenceId();
    List<PersistentRepr> events = new ArrayList<>();
    for (AtomicWrite write : writes) {
      for (PersistentRepr event : CollectionConverters.asJava(write.payload())) {
        if (event.payload() instanceof Tagged tagged) {
          if (!tagged.tags().isEmpty()) {
            return writeTagged(persistenceId, messages);
          }
          event = event.withPayload(tagged.payload());
        }
        events.add(event);
      }
    }
    List<IntakeLogTable.Row> rows = new ArrayList<>(events.size());
    int bytes = 0;
    for (PersistentRepr event : events) {
      IntakeLogTable.Row row = serialize(event);
      rows.add(row);
      bytes += row.event().length + 64;
    }
    Promise<Seq<Try<BoxedUnit>>> done = Promise.apply();
    queue.add(new PendingWrite(persistenceId, events, rows, bytes, done));
    queuedBytes += bytes;
    logging.merge(persistenceId, 1, Integer::sum);
    flush();
    return done.future();
  }

  private IntakeLogTable.Row serialize(PersistentRepr event) {
    Object payload = event.payload();
    Serializer serializer = serialization.findSerializerFor(payload);
    return new IntakeLogTable.Row(
        event.persistenceId(),
        event.sequenceNr(),
        Uuids.timeBased(),
        event.writerUuid(),
        serializer.identifier(),
        Serializers.manifestFor(serializer, payload),
        event.manifest(),
        serializer.toBinary(payload));
  }

  /** A tagged event goes straight to the plugin, after everything before it is copied. */
  private Future<Seq<Try<BoxedUnit>>> writeTagged(String persistenceId, Seq<AtomicWrite> writes) {
    Promise<Seq<Try<BoxedUnit>>> done = Promise.apply();
    whenDrained(
        persistenceId,
        () -> {
          copying.add(persistenceId);
          Future<Seq<Try<BoxedUnit>>> written = super.asyncWriteMessages(writes);
          written.onComplete(
              result -> {
                self().tell(new WrittenThrough(persistenceId, () -> done.complete(result)), self());
                return BoxedUnit.UNIT;
              },
              context().dispatcher());
        });
    return done.future();
  }

  /**
   * Sends what is queued: one log write in flight, or more while a full write's bytes wait (a write
   * holds at most max-write-bytes, under Cassandra's batch limit).
   */
  private void flush() {
    while (!queue.isEmpty()
        && logWritesInFlight < settings.writesInFlight()
        && (logWritesInFlight == 0 || queuedBytes >= settings.maxWriteBytes())) {
      List<PendingWrite> writes = new ArrayList<>();
      List<IntakeLogTable.Row> rows = new ArrayList<>();
      int bytes = 0;
      while (!queue.isEmpty()
          && (writes.isEmpty() || bytes + queue.peek().bytes() <= settings.maxWriteBytes())) {
        PendingWrite write = queue.poll();
        queuedBytes -= write.bytes();
        bytes += write.bytes();
        writes.add(write);
        rows.addAll(write.rows());
      }
      long slot = slots.open();
      slots.sent(slot, rows.size());
      logWritesInFlight++;
      table
          .write(writer, slot, rows)
          .whenComplete((r, e) -> self().tell(new Logged(writes, slot, e), self()));
    }
  }

  private void onLogged(Logged logged) {
    logWritesInFlight--;
    if (logged.error() == null) {
      slots.landed(logged.slot());
      stats.logWrites.incrementAndGet();
    } else {
      stats.failedLogWrites.incrementAndGet();
      log.warn(
          "Intake log write of {} entities' writes failed: {}",
          logged.writes().size(),
          logged.error().toString());
    }
    for (PendingWrite write : logged.writes()) {
      if (logged.error() == null) {
        List<LoggedEvent> events =
            toCopy.computeIfAbsent(write.persistenceId(), p -> new ArrayList<>());
        for (int i = 0; i < write.events().size(); i++) {
          events.add(
              new LoggedEvent(
                  write.events().get(i),
                  write.rows().get(i).timestamp(),
                  logged.slot(),
                  write.rows().get(i).event()));
        }
        stats.eventsLogged.addAndGet(write.events().size());
        release(write.persistenceId());
        write.done().success(CollectionConverters.asScala(List.<Try<BoxedUnit>>of()).toList());
      } else {
        write.done().failure(logged.error());
        voidWrite(write, logged.slot());
      }
    }
    flush();
    checkStopped();
  }

  /**
   * A failed log write may still land: its rows are deleted (the entity is told it failed, and
   * replays only once this is done), so that nobody copies what the entity never stored.
   */
  private void voidWrite(PendingWrite write, long slot) {
    List<Long> sequenceNrs = write.events().stream().map(PersistentRepr::sequenceNr).toList();
    table
        .voidRows(writer, slot, write.persistenceId(), sequenceNrs)
        .whenComplete((r, e) -> self().tell(new Voided(write, slot, e), self()));
  }

  private void onVoided(Voided voided) {
    if (voided.error() != null) {
      context()
          .system()
          .scheduler()
          .scheduleOnce(
              scala.concurrent.duration.Duration.create(1, "s"),
              self(),
              new Perform(() -> voidWrite(voided.write(), voided.slot())),
              context().dispatcher(),
              self());
      return;
    }
    slots.settled(voided.slot(), voided.write().rows().size());
    release(voided.write().persistenceId());
    checkStopped();
  }

  private void release(String persistenceId) {
    logging.computeIfPresent(persistenceId, (p, n) -> n == 1 ? null : n - 1);
    checkWaiting(persistenceId);
  }

  // Copying: once a copy window, one write through the plugin per persistence ID.

  private void onTick() {
    windows++;
    slots.close();
    if (failedCopies > 0) {
      log.warn(
          "{} copies from the intake log failed since the last window; tried again", failedCopies);
      failedCopies = 0;
    }
    new ArrayList<>(toCopy.keySet()).forEach(this::copy);
    record();
    if (windows % settings.sweepEveryWindows() == 0) {
      var live = IntakeLogRecovery.liveNodes(context().system());
      CompletableFuture.runAsync(() -> recovery.copyWritersGone(live, this::copyFound), blocking)
          .exceptionally(
              e -> {
                log.warn(
                    "Looking for intake logs of routers that are gone failed: {}", e.toString());
                return null;
              });
    }
    checkStopped();
  }

  private void copy(String persistenceId) {
    if (copying.contains(persistenceId)) {
      return;
    }
    List<LoggedEvent> events = toCopy.remove(persistenceId);
    if (events == null) {
      return;
    }
    copying.add(persistenceId);
    writeThrough(events)
        .whenComplete((v, e) -> self().tell(new Copied(persistenceId, events, e), self()));
  }

  private void onCopied(Copied copied) {
    String persistenceId = copied.persistenceId();
    copying.remove(persistenceId);
    if (copied.error() != null) {
      failedCopies++;
      stats.failedCopies.incrementAndGet();
      List<LoggedEvent> again = new ArrayList<>(copied.events());
      List<LoggedEvent> later = toCopy.remove(persistenceId);
      if (later != null) {
        again.addAll(later);
      }
      toCopy.put(persistenceId, again);
    } else {
      for (LoggedEvent event : copied.events()) {
        slots.settled(event.slot(), 1);
      }
      stats.eventsCopied.addAndGet(copied.events().size());
    }
    checkWaiting(persistenceId);
    checkStopped();
  }

  /**
   * Writes events of one persistence ID through the plugin, as one atomic write, with the bytes the
   * log encoded them to where the serializer takes them back.
   */
  private CompletableFuture<Void> writeThrough(List<LoggedEvent> events) {
    List<PersistentRepr> reprs = new ArrayList<>(events.size());
    List<Runnable> forget = new ArrayList<>();
    for (LoggedEvent event : events) {
      reprs.add(event.repr());
      timestamps.put(event.repr(), event.timestamp());
      Object payload = event.repr().payload();
      if (event.encoded() != null
          && serialization.findSerializerFor(payload) instanceof ReusableEncoding reusable) {
        reusable.remember(payload, event.encoded());
        forget.add(() -> reusable.forget(payload));
      }
    }
    Future<Seq<Try<BoxedUnit>>> written;
    try {
      AtomicWrite write = new AtomicWrite(CollectionConverters.asScala(reprs).toList());
      written = super.asyncWriteMessages(CollectionConverters.asScala(List.of(write)).toList());
    } catch (RuntimeException e) {
      forget.forEach(Runnable::run);
      throw e;
    } finally {
      timestamps.clear();
    }
    return FutureConverters.asJava(written)
        .whenComplete((r, e) -> forget.forEach(Runnable::run))
        .thenAccept(
            results -> {
              for (Try<BoxedUnit> each : CollectionConverters.asJava(results)) {
                if (each.isFailure()) {
                  throw new CompletionException(each.failed().get());
                }
              }
            })
        .toCompletableFuture();
  }

  /** A copy keeps the timestamp its event was logged with: written twice, it is the same row. */
  @Override
  public UUID generateUUID(PersistentRepr event) {
    UUID logged = timestamps.get(event);
    return logged != null ? logged : super.generateUUID(event);
  }

  private void onWrittenThrough(WrittenThrough written) {
    copying.remove(written.persistenceId());
    written.then().run();
    checkWaiting(written.persistenceId());
    checkStopped();
  }

  /** Writes events another writer logged (found by {@link IntakeLogRecovery}). */
  private void onCopyFound(CopyFound found) {
    Map<String, List<LoggedEvent>> byId = new LinkedHashMap<>();
    for (LoggedEvent event : found.events()) {
      byId.computeIfAbsent(event.repr().persistenceId(), p -> new ArrayList<>()).add(event);
    }
    CompletableFuture<?>[] writes =
        byId.values().stream().map(this::writeThrough).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(writes)
        .whenComplete(
            (v, e) -> {
              if (e == null) {
                found.done().complete(null);
              } else {
                found.done().completeExceptionally(e);
              }
            });
  }

  private CompletableFuture<Void> copyFound(List<LoggedEvent> events) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (events.isEmpty()) {
      done.complete(null);
    } else {
      self().tell(new CopyFound(events, done), self());
    }
    return done;
  }

  private void record() {
    long through = slots.copiedThrough();
    // A stop forgets this writer once everything is copied: recording again would bring it back.
    if (through > recordedThrough && !recording && stopping == null) {
      recording = true;
      table
          .record(writer, node, through)
          .whenComplete((r, e) -> self().tell(new Recorded(through, e), self()));
    }
  }

  private void onRecorded(Recorded recorded) {
    recording = false;
    if (recorded.error() != null) {
      return; // the next window records again
    }
    for (long slot = recordedThrough + 1; slot <= recorded.through(); slot++) {
      table.deleteSlot(writer, slot); // only space: nobody reads a slot the mark passed
    }
    recordedThrough = recorded.through();
    checkStopped();
  }

  // Reading: after the persistence ID's copies, and what other writers still hold of it.

  @Override
  public Future<Object> asyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return afterOthersCopied(
        persistenceId, () -> super.asyncReadHighestSequenceNr(persistenceId, fromSequenceNr));
  }

  @Override
  public Future<BoxedUnit> asyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return afterOthersCopied(
        persistenceId, () -> super.asyncDeleteMessagesTo(persistenceId, toSequenceNr));
  }

  /**
   * Runs {@code call} on this actor once the log is started, {@code persistenceId}'s copies are
   * written and so is what other writers' logs hold of it and have not copied (it ran on another
   * router that died, or that it left). {@code call} runs in a message from the caller of this
   * method: the plugin's highest sequence number read takes the entity from the sender.
   */
  private <T> Future<T> afterOthersCopied(String persistenceId, Supplier<Future<T>> call) {
    Promise<T> result = Promise.apply();
    Runnable then = () -> result.completeWith(call.get());
    ActorRef caller = sender();
    Runnable copyOthers =
        () ->
            CompletableFuture.supplyAsync(() -> recovery.othersHold(persistenceId), blocking)
                .whenComplete(
                    (found, error) ->
                        self()
                            .tell(
                                new Perform(
                                    () ->
                                        copyThen(
                                            persistenceId, found, error, then, result, caller)),
                                caller));
    ready.thenRun(() -> self().tell(new AfterDrained(persistenceId, copyOthers), caller));
    return result.future();
  }

  private void copyThen(
      String persistenceId,
      List<LoggedEvent> found,
      Throwable error,
      Runnable then,
      Promise<?> failed,
      ActorRef caller) {
    if (error != null) {
      failed.failure(error);
    } else if (found.isEmpty()) {
      then.run();
    } else {
      copying.add(persistenceId);
      writeThrough(found)
          .whenComplete(
              (v, e) -> {
                Runnable after = e == null ? then : () -> failed.failure(e);
                self().tell(new WrittenThrough(persistenceId, after), caller);
              });
    }
  }

  // Waiting for a persistence ID's log writes and copies.

  private boolean drained(String persistenceId) {
    return !logging.containsKey(persistenceId)
        && !toCopy.containsKey(persistenceId)
        && !copying.contains(persistenceId);
  }

  private void whenDrained(String persistenceId, Runnable action) {
    if (drained(persistenceId)) {
      action.run();
    } else {
      waiting.computeIfAbsent(persistenceId, p -> new ArrayList<>()).add(action);
      checkWaiting(persistenceId);
    }
  }

  private void checkWaiting(String persistenceId) {
    if (!waiting.containsKey(persistenceId)) {
      return;
    }
    if (drained(persistenceId)) {
      List<Runnable> actions = waiting.remove(persistenceId);
      actions.forEach(Runnable::run);
    } else {
      copy(persistenceId); // someone waits: do not wait for the window
    }
  }

  // A graceful stop copies everything, so that the next start finds nothing to recover.

  private void onCopyEverything(CopyEverything message) {
    if (!settings.copyOnStop()) {
      message.done().complete(Done.getInstance());
      return;
    }
    stopping = message.done();
    slots.close();
    new ArrayList<>(toCopy.keySet()).forEach(this::copy);
    checkStopped();
  }

  private void checkStopped() {
    if (stopping == null
        || stopping.isDone()
        || !queue.isEmpty()
        || logWritesInFlight > 0
        || !toCopy.isEmpty()
        || !copying.isEmpty()
        || !slots.settled()) {
      return;
    }
    slots.close();
    long through = slots.copiedThrough();
    CompletableFuture<Done> done = stopping;
    table
        .forget(writer)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                log.warn("Intake log {} stopped; its next start copies what is left", writer);
                done.complete(Done.getInstance());
                return;
              }
              // Before the session closes with the actor system: else the slots stay behind.
              List<CompletableFuture<?>> deletes = new ArrayList<>();
              for (long slot = recordedThrough + 1; slot <= through; slot++) {
                deletes.add(table.deleteSlot(writer, slot).toCompletableFuture());
              }
              CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
                  .whenComplete(
                      (v, deleteError) -> {
                        log.info("Intake log {} stopped with everything copied", writer);
                        done.complete(Done.getInstance());
                      });
            });
  }
}

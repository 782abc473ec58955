package io.daifa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.cql.Row;
import io.daifa.app.DaifaConfig;
import io.daifa.app.DaifaNode;
import io.daifa.common.CborSerializable;
import io.daifa.readside.OrderProjection;
import io.daifa.store.IntakeLogStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;

/**
 * The shops' journal (io.daifa.store.IntakeLogJournal) on the real node, through an entity of its
 * own: an entity's events are answered once in the log and replayed whole before they are copied; a
 * router gone without copying leaves its log to the next one, which copies each event once (a copy
 * written twice is the same row); a tagged event goes through the plugin after the events before
 * it; a graceful stop copies everything and leaves no log behind.
 */
class IntakeLogJournalIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String TAG = "intake-test";

  /** What the test entity stores: a value, tagged when it starts with '#'. */
  record Added(String value) implements CborSerializable {}

  sealed interface Command extends CborSerializable {}

  record Add(String value, ActorRef<List<String>> replyTo) implements Command {}

  record Get(ActorRef<List<String>> replyTo) implements Command {}

  record Stop(ActorRef<List<String>> replyTo) implements Command {}

  /** A list of values on the shops' journal. */
  static final class Values extends EventSourcedBehavior<Command, Added, List<String>> {

    Values(String id) {
      super(PersistenceId.of("IntakeTest", id));
    }

    @Override
    public String journalPluginId() {
      return "daifa.intake-log.journal";
    }

    @Override
    public List<String> emptyState() {
      return new ArrayList<>();
    }

    @Override
    public CommandHandler<Command, Added, List<String>> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              Add.class,
              (state, add) ->
                  Effect()
                      .persist(new Added(add.value()))
                      .thenReply(add.replyTo(), s -> List.copyOf(s)))
          .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), List.copyOf(state)))
          .onCommand(
              Stop.class,
              (state, stop) -> Effect().stop().thenReply(stop.replyTo(), s -> List.copyOf(s)))
          .build();
    }

    @Override
    public EventHandler<List<String>, Added> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onEvent(
              Added.class,
              (state, added) -> {
                state.add(added.value());
                return state;
              })
          .build();
    }

    @Override
    public Set<String> tagsFor(Added event) {
      return event.value().startsWith("#") ? Set.of(TAG) : Set.of();
    }
  }

  private static int spawned;

  private static ActorRef<Command> spawn(DaifaNode node, String id) {
    Behavior<Command> values = new Values(id);
    return node.system().systemActorOf(values, "values-" + id + "-" + ++spawned, Props.empty());
  }

  private static List<String> add(DaifaNode node, ActorRef<Command> values, String value)
      throws Exception {
    return AskPattern.<Command, List<String>>ask(
            values, r -> new Add(value, r), TIMEOUT, node.system().scheduler())
        .toCompletableFuture()
        .get();
  }

  private static List<String> get(DaifaNode node, ActorRef<Command> values) throws Exception {
    return AskPattern.<Command, List<String>>ask(
            values, Get::new, TIMEOUT, node.system().scheduler())
        .toCompletableFuture()
        .get();
  }

  private static List<Row> select(DaifaNode node, String cql, Object... values) throws Exception {
    return OrderProjection.session(node.system())
        .selectAll(cql, values)
        .toCompletableFuture()
        .get();
  }

  /** The sequence numbers of the journal's rows of {@code id}, one per row. */
  private static List<Long> journalRows(DaifaNode node, String keyspace, String id)
      throws Exception {
    List<Long> sequenceNrs = new ArrayList<>();
    for (Row row :
        select(
            node,
            "SELECT sequence_nr FROM "
                + keyspace
                + ".messages WHERE persistence_id = ? AND partition_nr = 0",
            "IntakeTest|" + id)) {
      sequenceNrs.add(row.getLong(0));
    }
    return sequenceNrs;
  }

  private static IntakeLogStats stats(DaifaNode node) {
    return IntakeLogStats.get(Adapter.toClassic(node.system()));
  }

  private static long count(DaifaNode node, String keyspace, String table) throws Exception {
    return select(node, "SELECT count(*) FROM " + keyspace + "." + table).get(0).getLong(0);
  }

  /** A router that copies nothing until it stops (and, where asked, not even then). */
  private static Map<String, Object> copyingLate(String name, boolean copyOnStop) {
    Map<String, Object> config = new HashMap<>(TestCassandra.freshKeyspace(name));
    config.put("daifa.intake-log.journal.intake-log.copy-window", "1h");
    config.put("daifa.intake-log.journal.intake-log.copy-on-stop", copyOnStop);
    return config;
  }

  /** Stops the entity, as passivation would; the next spawn of its ID recovers it. */
  private static void stop(DaifaNode node, ActorRef<Command> values) throws Exception {
    AskPattern.<Command, List<String>>ask(values, Stop::new, TIMEOUT, node.system().scheduler())
        .toCompletableFuture()
        .get();
    Thread.sleep(300); // its stop follows the answer
  }

  @Test
  void whatARouterGoneLeftInItsLogIsCopiedOnceByTheNextAndReplayed() throws Exception {
    Map<String, Object> config = copyingLate("intakelog1", false);
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    try (DaifaNode first = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      ActorRef<Command> values = spawn(first, "a");
      add(first, values, "a1");
      add(first, values, "a2");
      assertEquals(List.of("a1", "a2", "a3"), add(first, values, "a3"));
      assertEquals(List.of(), journalRows(first, keyspace, "a"), "answered from the log alone");
      assertEquals(3, stats(first).eventsWaitingToBeCopied());

      stop(first, values);
      ActorRef<Command> again = spawn(first, "a");
      assertEquals(List.of("a1", "a2", "a3"), get(first, again), "replayed after its copies");
      assertEquals(List.of(1L, 2L, 3L), journalRows(first, keyspace, "a"));
      assertEquals(3, stats(first).eventsCopied());
      assertEquals(0, stats(first).eventsWaitingToBeCopied());
      add(first, again, "a4");
      add(first, again, "a5");
      assertEquals(List.of(1L, 2L, 3L), journalRows(first, keyspace, "a"));
    }
    // The first router stopped without copying, as after a kill -9; its mark says nothing is
    // copied, so the next copies a1-a3 again, with the timestamps they were logged with.
    Map<String, Object> next = new HashMap<>(config);
    next.remove("daifa.intake-log.journal.intake-log.copy-window");
    next.remove("daifa.intake-log.journal.intake-log.copy-on-stop");
    try (DaifaNode second = DaifaNode.start(DaifaConfig.load(next), Clock.systemUTC())) {
      ActorRef<Command> values = spawn(second, "a");
      assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), get(second, values));
      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L), journalRows(second, keyspace, "a"), "one row per event");
      assertEquals(5, stats(second).eventsLeftByGoneRouters());
      assertEquals(1, count(second, keyspace, "intake_writers"), "the gone writer is forgotten");
      assertEquals(0, count(second, keyspace, "intake_log"), "its copied slots are deleted");
      assertEquals(
          List.of("a1", "a2", "a3", "a4", "a5", "a6"), add(second, values, "a6"), "goes on");
    }
  }

  @Test
  void aTaggedEventIsWrittenThroughThePluginAfterTheEventsBeforeIt() throws Exception {
    Map<String, Object> config = copyingLate("intakelog2", true);
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      ActorRef<Command> values = spawn(node, "t");
      add(node, values, "t1");
      add(node, values, "#t2");
      assertEquals(List.of(1L, 2L), journalRows(node, keyspace, "t"), "t1 copied before #t2");
      add(node, values, "t3");
      assertEquals(List.of(1L, 2L), journalRows(node, keyspace, "t"), "t3 in the log");
      List<Row> tags =
          select(
              node,
              "SELECT sequence_nr, tags FROM "
                  + keyspace
                  + ".messages WHERE persistence_id = ? AND partition_nr = 0",
              "IntakeTest|t");
      assertEquals(Set.of(), tags.get(0).getSet(1, String.class));
      assertEquals(Set.of(TAG), tags.get(1).getSet(1, String.class));

      stop(node, values);
      assertEquals(List.of("t1", "#t2", "t3"), get(node, spawn(node, "t")));
    }
  }

  @Test
  void aGracefulStopCopiesEverythingAndLeavesNoLog() throws Exception {
    Map<String, Object> config = copyingLate("intakelog3", true);
    String keyspace = (String) config.get("daifa.cassandra.keyspace");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(config), Clock.systemUTC())) {
      ActorRef<Command> values = spawn(node, "g");
      add(node, values, "g1");
      add(node, values, "g2");
      assertEquals(List.of(), journalRows(node, keyspace, "g"));
    }
    Map<String, Object> next = new HashMap<>(config);
    next.put("daifa.entities.shop-journal", "pekko.persistence.cassandra.journal");
    try (DaifaNode node = DaifaNode.start(DaifaConfig.load(next), Clock.systemUTC())) {
      assertEquals(List.of(1L, 2L), journalRows(node, keyspace, "g"), "copied by the stop");
      assertEquals(0, count(node, keyspace, "intake_writers"));
      assertEquals(0, count(node, keyspace, "intake_log"));
    }
  }
}

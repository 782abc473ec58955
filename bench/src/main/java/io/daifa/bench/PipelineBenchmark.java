package io.daifa.bench;

import com.typesafe.config.Config;
import io.daifa.app.DaifaConfig;
import io.daifa.app.EntityPorts;
import io.daifa.common.Ack;
import io.daifa.common.EntitySettings;
import io.daifa.common.Outcome;
import io.daifa.http.Entities;
import io.daifa.ingest.IngestBatcher;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.policy.ShanghaiCalendar;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopEntity;
import io.daifa.shop.ShopWiring;
import io.daifa.supplier.MonthScore;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierEntity;
import io.daifa.supplier.SupplierIdentity;
import io.daifa.supplier.SupplierWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory pipeline in orders/s: the ingest batcher, the shop entities on Cluster Sharding
 * routing and persisting each batch, and the dispatches delivered to the supplier entities — with a
 * journal that keeps nothing ({@link DiscardingJournal}) instead of Cassandra and no HTTP. Sixteen
 * shops (half whole-shop, half by product over two suppliers) take 1- to 3-line orders, 8,192 in
 * flight at most, as the load test sends them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms4g",
      "-Xmx4g",
      "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"
    })
@State(Scope.Benchmark)
public class PipelineBenchmark {

  private static final int ORDERS = 20_000;
  private static final int IN_FLIGHT = 8_192;
  private static final int SHOPS = 16;
  private static final Duration ASK = Duration.ofSeconds(10);

  private ActorSystem<Void> system;

  /**
   * Snapshots of this trial alone: in a directory shared by every run, the shops of a new run (the
   * same IDs each time) recovered the last run's windows of hundreds of thousands of orders, and
   * took its orders (the same seeds) as duplicates.
   */
  private Path snapshots;

  private ClusterSharding sharding;
  private Entities entities;
  private final List<String> shops = new ArrayList<>();
  private final List<String> suppliers = new ArrayList<>();
  private int generation;

  /**
   * The lines each supplier of the iteration (as listed in {@link #suppliers}) must have received
   * once every order generated so far is delivered; and the month of the iteration's start, as
   * suppliers count their lines by month.
   */
  private long[] linesOwed;

  private String month;

  private List<Order> orders;
  private int round;

  @Setup(Level.Trial)
  public void start() throws Exception {
    snapshots = Files.createTempDirectory("daifa-bench-snapshots");
    Config config =
        DaifaConfig.load(
            Map.of(
                "pekko.loglevel",
                "WARNING",
                "pekko.remote.artery.canonical.port",
                0,
                "pekko.persistence.journal.plugin",
                "daifa-bench.discarding-journal",
                "daifa-bench.discarding-journal.class",
                DiscardingJournal.class.getName(),
                "pekko.persistence.snapshot-store.plugin",
                "pekko.persistence.snapshot-store.local",
                "pekko.persistence.snapshot-store.local.dir",
                snapshots.toString(),
                "daifa.entities.passivate-idle-after",
                "1s",
                "daifa.entities.snapshot-every",
                100_000_000));
    system = ActorSystem.create(Behaviors.empty(), "pipeline", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    EntitySettings settings = EntitySettings.fromConfig(config.getConfig("daifa"));
    sharding = ClusterSharding.get(system);
    ShopEntity.init(
        system, ShopWiring.of(settings, Clock.systemUTC(), EntityPorts.suppliers(sharding)));
    SupplierEntity.init(
        system, new SupplierWiring(settings, Clock.systemUTC(), EntityPorts.shops(sharding)));
    ActorRef<IngestBatcher.Command> batcher =
        system.systemActorOf(
            IngestBatcher.create(
                IngestBatcher.through(sharding),
                IngestBatcher.Limits.fromConfig(config.getConfig("daifa.ingest"))),
            "ingest-batcher",
            Props.empty());
    entities = new Entities(sharding, ASK, batcher);
  }

  /**
   * New shops and suppliers for each iteration, those of the last one left to passivate: a supplier
   * keeps every order open (none is shipped here), and with the same entities throughout,
   * iterations measured maps and a heap growing without end (11,000 to 490,000 orders/s from one
   * iteration to the next), not the pipeline.
   */
  @Setup(Level.Iteration)
  public void newShopsAndSuppliers() throws Exception {
    generation++;
    linesOwed = new long[2 * SHOPS];
    month = ShanghaiCalendar.monthKeyOf(Instant.now());
    for (int s = 0; s < SHOPS; s++) {
      String shopId = "shp_g" + generation + "b" + s;
      String first = "sup_g" + generation + "b" + (2 * s);
      String second = "sup_g" + generation + "b" + (2 * s + 1);
      done(
          PipelineBenchmark.<Outcome<Ack>>ask(
              shop(shopId), r -> new ShopCommand.Register("bench", r)));
      for (String supplier : List.of(first, second)) {
        done(
            PipelineBenchmark.<Outcome<Ack>>ask(
                supplier(supplier),
                r -> new SupplierCommand.Register(supplier, SupplierIdentity.SUPPLIER, r)));
        ShopCommand.InviteIssued invite =
            PipelineBenchmark.<Outcome<ShopCommand.InviteIssued>>ask(
                    shop(shopId), ShopCommand.CreateInvite::new)
                .toCompletableFuture()
                .get()
                .orThrow();
        done(
            PipelineBenchmark.<Outcome<Ack>>ask(
                supplier(supplier), r -> new SupplierCommand.AcceptInvite(invite.token(), r)));
      }
      awaitBound(shopId, 2);
      if (s % 2 == 0) {
        done(
            PipelineBenchmark.<Outcome<ModeChange>>ask(
                shop(shopId),
                r ->
                    new ShopCommand.SetMode(
                        AllocationMode.WHOLE_SHOP, first, List.of(), false, r)));
      } else {
        for (int spu = 0; spu < 20; spu++) {
          String to = spu % 2 == 0 ? first : second;
          String spuId = "spu-" + spu;
          done(
              PipelineBenchmark.<Outcome<Ack>>ask(
                  shop(shopId),
                  r -> new ShopCommand.SetProductRoute(spuId, null, to, List.of(), r)));
        }
      }
      shops.add(shopId);
      suppliers.add(first);
      suppliers.add(second);
    }
  }

  /**
   * The iteration's entities leave as the router's do: idle and owing nothing, they passivate
   * themselves ({@code passivate-idle-after}, a second here). They were told to stop instead, and
   * shops and suppliers are remembered entities, which sharding starts again when they stop by
   * themselves: each run recovered 4 to 27 of them, tens of thousands of orders each, during the
   * next iteration. Here the shops' confirmations of what their suppliers acknowledged are awaited,
   * so that each owes nothing and can leave: a shop confirms with its next write, or at the latest
   * after the redelivery interval (2 s).
   *
   * <p>Every shop still owing is asked in each round, not one shop after the other: a shop not
   * asked for a second passivated once it had confirmed everything, and the next question started
   * it again from its last snapshot, which the discarding journal had left without the events after
   * it. It owed again what that snapshot owed, sent it again, and waited for the acknowledgements:
   * 7 to 19 s of waiting after some iterations, none of it in the router.
   */
  @TearDown(Level.Iteration)
  public void awaitDeliveries() throws Exception {
    long start = System.nanoTime();
    List<String> owing = new ArrayList<>(shops);
    for (int round = 1; !owing.isEmpty(); round++) {
      if (round > 2_400) {
        throw new IllegalStateException(
            owing + " still have dispatches their suppliers did not take");
      }
      boolean kick = round % 10 == 0;
      owing.removeIf(shopId -> delivered(shopId, kick));
      Thread.sleep(50);
    }
    System.out.printf(
        "(dispatches confirmed %d ms after the suppliers held every line)%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    shops.clear();
    suppliers.clear();
  }

  @Setup(Level.Invocation)
  public void nextOrders() {
    round++;
    java.util.SplittableRandom random = new java.util.SplittableRandom(round);
    Instant paidAt = Instant.parse("2026-11-10T16:00:01Z");
    orders = new ArrayList<>(ORDERS);
    for (int i = 0; i < ORDERS; i++) {
      int lineCount = 1 + random.nextInt(3);
      List<OrderLine> lines = new ArrayList<>(lineCount);
      int[] spus = new int[lineCount];
      for (int l = 1; l <= lineCount; l++) {
        spus[l - 1] = random.nextInt(20);
        String spu = "spu-" + spus[l - 1];
        lines.add(
            new OrderLine(
                Integer.toString(l),
                spu,
                spu + "-sku",
                1,
                Fen.of(1_000 + random.nextInt(50_000)),
                Fen.of(0),
                Fen.of(0),
                Fen.of(0),
                BasisPoints.of(500)));
      }
      int shop = random.nextInt(SHOPS);
      for (int spu : spus) {
        // Even shops send every line to their first supplier, odd ones even SPUs to the first.
        linesOwed[2 * shop + (shop % 2 == 1 && spu % 2 == 1 ? 1 : 0)]++;
      }
      orders.add(
          new Order(
              "p" + round + "-" + i,
              shops.get(shop),
              "buyer-" + random.nextInt(1000),
              null,
              paidAt,
              lines));
    }
  }

  /** Every order of the invocation in, with the in-flight limit, each answered stored. */
  @Benchmark
  @OperationsPerInvocation(ORDERS)
  public int ingest() throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    CountDownLatch answered = new CountDownLatch(ORDERS);
    AtomicInteger stored = new AtomicInteger();
    for (Order order : orders) {
      inFlight.acquire();
      entities
          .ingest(order, ASK, true)
          .whenComplete(
              (outcome, failure) -> {
                if (outcome != null && outcome.isDone()) {
                  stored.incrementAndGet();
                }
                inFlight.release();
                answered.countDown();
              });
    }
    answered.await();
    if (stored.get() != ORDERS) {
      throw new IllegalStateException("only " + stored.get() + " of " + ORDERS + " were stored");
    }
    awaitSuppliersHoldEverything();
    return stored.get();
  }

  /**
   * The invocation ends when the suppliers hold every line routed to them, not only when the shops
   * have stored the orders: a shop answers once its batch is written and delivers afterwards, and
   * shops that outran their suppliers made iterations of 316,000 orders/s whose deliveries took the
   * next 35 s to settle. A supplier's scorecard counts the lines it received this month: one cheap
   * question per supplier still behind, every millisecond. A supplier owed nothing is not asked:
   * the second supplier of a whole-shop shop receives nothing, passivates after its idle second and
   * would answer from a recovery that the discarding journal left empty ("no such supplier").
   */
  private void awaitSuppliersHoldEverything() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int i = 0; i < suppliers.size(); i++) {
      String supplier = suppliers.get(i);
      while (linesOwed[i] > 0 && linesReceived(supplier) < linesOwed[i]) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(supplier + " never received all its lines");
        }
        Thread.sleep(1);
      }
    }
  }

  private long linesReceived(String supplier) throws Exception {
    long lines = 0;
    String now = ShanghaiCalendar.monthKeyOf(Instant.now());
    for (String m : now.equals(month) ? List.of(month) : List.of(month, now)) {
      lines +=
          PipelineBenchmark.<Outcome<MonthScore>>ask(
                  supplier(supplier), r -> new SupplierCommand.GetScorecard(m, r))
              .toCompletableFuture()
              .get()
              .orThrow()
              .dispatched();
    }
    return lines;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(snapshots)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private EntityRef<ShopCommand> shop(String id) {
    return sharding.entityRefFor(ShopEntity.ENTITY_TYPE_KEY, id);
  }

  private EntityRef<SupplierCommand> supplier(String id) {
    return sharding.entityRefFor(SupplierEntity.ENTITY_TYPE_KEY, id);
  }

  private static <R> CompletionStage<R> ask(EntityRef<?> ref, Function<ActorRef<R>, ?> command) {
    @SuppressWarnings("unchecked")
    EntityRef<Object> untyped = (EntityRef<Object>) ref;
    return untyped.ask(r -> command.apply(r), ASK);
  }

  private static void done(CompletionStage<? extends Outcome<?>> stage) throws Exception {
    Outcome<?> outcome = stage.toCompletableFuture().get();
    if (!outcome.isDone()) {
      throw new IllegalStateException("setup refused: " + outcome);
    }
  }

  /**
   * Whether every dispatch of the shop is acknowledged by its supplier and confirmed. Once its
   * orders stop, a shop confirms (at most 2,000 per write) and resends what is still owed once per
   * redelivery interval (2 s); with {@code kick} it is asked to do so now.
   */
  private boolean delivered(String shopId, boolean kick) {
    if (kick) {
      shop(shopId).tell(ShopCommand.Redeliver.INSTANCE);
    }
    try {
      return shopState(shopId).pendingDispatches().isEmpty();
    } catch (Exception e) {
      throw new IllegalStateException(shopId + " did not answer", e);
    }
  }

  /** Binding reaches the shop as a notice from the supplier: wait for it. */
  private void awaitBound(String shopId, int suppliers) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (shopState(shopId).allocation().boundSuppliers().size() >= suppliers) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(shopId + " never saw its suppliers bound");
  }

  private io.daifa.shop.ShopState shopState(String shopId) throws Exception {
    return PipelineBenchmark.<io.daifa.shop.ShopState>ask(shop(shopId), ShopCommand.GetState::new)
        .toCompletableFuture()
        .get();
  }
}

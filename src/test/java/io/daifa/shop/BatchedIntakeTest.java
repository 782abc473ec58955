package io.daifa.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.common.EntityTestSupport;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.order.TestOrders;
import io.daifa.routing.AllocationMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batching must not change what intake decides: for a seeded random stream of orders (multi-line,
 * unrouted SPUs, resends, reused IDs with other bodies, invalid lines, orders of another shop, and
 * manual assignments made between orders), taking them in random batch sizes gives exactly the
 * outcomes and events of taking each order alone.
 */
class BatchedIntakeTest {

  private static final String SHOP = "shp_1";
  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");

  private final ShopCommands commands =
      new ShopCommands(SHOP, EntityTestSupport.settings(), new TestClock(T0));

  /** A registered shop with three bound suppliers routing SPUs 0-19; SPUs 20-24 have no rule. */
  private static ShopState shop() {
    ShopState state =
        ShopState.empty(SHOP, Duration.ofDays(7), Duration.ofHours(72))
            .apply(new ShopEvent.ShopRegistered(SHOP, "Tea", T0));
    for (int s = 0; s < 3; s++) {
      state =
          state.apply(
              new ShopEvent.SupplierBound(
                  SHOP, "sup_" + s, BindingVia.APPLICATION, "req-" + s, "n" + s, T0));
    }
    for (int spu = 0; spu < 20; spu++) {
      state =
          state.apply(
              new ShopEvent.ProductRouteSet(SHOP, "spu-" + spu, "sup_" + spu % 3, T0, List.of()));
    }
    assertEquals(AllocationMode.BY_PRODUCT, state.allocation().mode());
    return state;
  }

  /** One step of the stream: an order, or a manual assignment made before the next orders. */
  private record Step(Order order, ShopEvent assignment) {}

  private static List<Step> stream(long seed, int size) {
    Random random = new Random(seed);
    List<Order> sent = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int kind = random.nextInt(20);
      if (kind == 0 && !sent.isEmpty()) {
        steps.add(new Step(sent.get(random.nextInt(sent.size())), null)); // resend
      } else if (kind == 1 && !sent.isEmpty()) {
        Order earlier = sent.get(random.nextInt(sent.size()));
        steps.add(new Step(order(random, earlier.orderId(), SHOP), null)); // reused ID
      } else if (kind == 2) {
        steps.add(new Step(invalid(random, "bad-" + i), null));
      } else if (kind == 3) {
        steps.add(new Step(order(random, "other-" + i, "shp_other"), null));
      } else if (kind == 4) {
        // An assignment for a line of an order still to come: routing must follow it.
        steps.add(
            new Step(
                null,
                new ShopEvent.LineAssignmentRecorded(SHOP, "o-" + (i + 1), "1", "sup_2", T0)));
      } else {
        Order order = order(random, "o-" + i, SHOP);
        sent.add(order);
        steps.add(new Step(order, null));
      }
    }
    return steps;
  }

  private static Order order(Random random, String orderId, String shopId) {
    List<OrderLine> lines = new ArrayList<>();
    int n = 1 + random.nextInt(5);
    for (int l = 1; l <= n; l++) {
      lines.add(TestOrders.line(Integer.toString(l), "spu-" + random.nextInt(25)));
    }
    return new Order(orderId, shopId, "b-" + random.nextInt(9), null, TestOrders.PAID_AT, lines);
  }

  private static Order invalid(Random random, String orderId) {
    OrderLine negative =
        new OrderLine(
            "1",
            "spu-1",
            "s",
            1,
            Fen.of(-1 - random.nextInt(9)),
            Fen.ZERO,
            Fen.ZERO,
            Fen.ZERO,
            BasisPoints.of(500));
    return new Order(orderId, SHOP, "b", null, TestOrders.PAID_AT, List.of(negative));
  }

  /**
   * What intake decided: every outcome, and every routed order and other event, in order (a batch
   * is one event, so the orders inside the events are what must match).
   */
  private record Run(List<Outcome<OrderReceipt>> outcomes, List<Object> decisions, ShopState end) {}

  /** Takes the stream in batches of the given sizes (between assignments, which end a batch). */
  private Run run(List<Step> steps, Random batchSizes) {
    ShopState state = shop();
    List<Outcome<OrderReceipt>> outcomes = new ArrayList<>();
    List<Object> events = new ArrayList<>();
    List<Order> batch = new ArrayList<>();
    int batchSize = nextSize(batchSizes);
    for (Step step : steps) {
      if (step.order() != null) {
        batch.add(step.order());
      }
      if (step.assignment() != null || batch.size() >= batchSize) {
        state = take(state, batch, outcomes, events);
        batch.clear();
        batchSize = nextSize(batchSizes);
      }
      if (step.assignment() != null) {
        events.add(step.assignment());
        state = state.apply(step.assignment());
      }
    }
    state = take(state, batch, outcomes, events);
    return new Run(outcomes, events, state);
  }

  private static int nextSize(Random batchSizes) {
    return batchSizes == null ? 1 : 1 + batchSizes.nextInt(100);
  }

  private ShopState take(
      ShopState state,
      List<Order> batch,
      List<Outcome<OrderReceipt>> outcomes,
      List<Object> events) {
    if (batch.isEmpty()) {
      return state;
    }
    ShopCommands.Intake intake = commands.ingest(state, List.copyOf(batch));
    outcomes.addAll(intake.outcomes());
    if (intake.routed().isEmpty()) {
      return state;
    }
    events.addAll(intake.routed());
    return state.apply(new ShopEvent.OrdersRouted(SHOP, intake.routed(), List.of(), T0));
  }

  @Test
  void shouldDecideExactlyAsOrderByOrderWhateverTheBatchSizes() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Step> steps = stream(seed, 2_000);
      Run alone = run(steps, null);
      Run batched = run(steps, new Random(seed * 31));
      assertEquals(alone.outcomes(), batched.outcomes(), "outcomes, seed " + seed);
      assertEquals(alone.decisions(), batched.decisions(), "routed orders, seed " + seed);
      assertEquals(alone.end(), batched.end(), "final state, seed " + seed);
      long refused = alone.outcomes().stream().filter(o -> !o.isDone()).count();
      assertTrue(refused > 0 && refused < alone.outcomes().size(), "the stream mixes outcomes");
      assertTrue(
          alone.end().manualQueue().size() > 0 && alone.end().dispatchSeq() > 0,
          "both dispatches and manual lines");
    }
  }
}

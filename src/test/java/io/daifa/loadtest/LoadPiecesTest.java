package io.daifa.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.order.Order;
import io.daifa.order.OrderValidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The load generator's pure parts: options, schedule, generated orders, result lines. */
class LoadPiecesTest {

  private static Scenario scenario(int shops) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < shops; i++) {
      ids.add("shp_" + i);
    }
    return new Scenario(ids, List.of("agy_1", "agy_2"), 20);
  }

  @Test
  void shouldParseOptionsAndRefuseNonsense() {
    LoadOptions o =
        LoadOptions.parse(
            new String[] {
              "--mode", "stream", "--hot-share", "0.5", "--lines", "1:3,4:1", "--ceiling"
            });
    assertEquals(LoadOptions.Mode.STREAM, o.mode());
    assertEquals(0.5, o.hotShare());
    assertTrue(o.ceiling());
    assertEquals(2, o.linesDistribution().size());
    assertThrows(
        IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--bogus", "1"}));
    assertThrows(
        IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--hot-share", "1"}));
    assertThrows(
        IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--shops", "0"}));
    assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"--mode"}));
  }

  @Test
  void shouldRampLinearlyThenHold() {
    RateSchedule schedule = new RateSchedule(1_000, Duration.ofSeconds(10), Duration.ofSeconds(60));
    assertEquals(0, schedule.dueBy(0));
    assertEquals(5_000, schedule.dueBy(Duration.ofSeconds(10).toNanos()), "half the peak × ramp");
    assertEquals(65_000, schedule.dueBy(Duration.ofSeconds(70).toNanos()));
    assertEquals(500.0, schedule.rateAt(Duration.ofSeconds(5).toNanos()), 1e-9);
    assertEquals(1_000.0, schedule.rateAt(Duration.ofSeconds(30).toNanos()), 1e-9);
  }

  /** Each order is due at the first moment the schedule counts it, on the ramp and in the hold. */
  @Test
  void shouldKnowWhenEachOrderIsDue() {
    RateSchedule schedule = new RateSchedule(1_000, Duration.ofSeconds(10), Duration.ofSeconds(60));
    for (long index = 0; index < 65_000; index += 97) {
      long due = schedule.dueAtNanos(index);
      assertTrue(schedule.dueBy(due + 1_000) > index, "counted just after it is due: " + index);
      assertTrue(schedule.dueBy(due - 1_000) <= index, "not counted just before: " + index);
    }
    assertEquals(Duration.ofSeconds(10).toNanos(), schedule.dueAtNanos(4_999), 1_000);
    assertEquals(Duration.ofSeconds(11).toNanos(), schedule.dueAtNanos(5_999), 1_000);
    RateSchedule noRamp = new RateSchedule(2_000, Duration.ZERO, Duration.ofSeconds(5));
    assertEquals(Duration.ofMillis(500).toNanos(), noRamp.dueAtNanos(999), 1_000);
  }

  /** The report says how far a sender that could not keep the rate fell behind its schedule. */
  @Test
  void shouldCountOrdersStillDueWhenTheScheduleEnds() {
    RateSchedule schedule = new RateSchedule(1_000, Duration.ofSeconds(10), Duration.ofSeconds(60));
    assertEquals(0, schedule.behind(65_000), "every due order sent");
    assertEquals(0, schedule.behind(64_000), "the last second's orders still going out");
    assertEquals(24_000, schedule.behind(40_000));
    assertEquals(0, new RateSchedule(0, Duration.ofSeconds(10), Duration.ofSeconds(60)).behind(1));
  }

  @Test
  void shouldGiveTheHotShopItsShareAndTheRestAZipfSkew() {
    LoadOptions options = LoadOptions.parse(new String[] {"--hot-share", "0.5", "--seed", "3"});
    OrderGenerator generator = new OrderGenerator(scenario(50), options, "t");
    int[] counts = new int[50];
    for (int i = 0; i < 100_000; i++) {
      counts[generator.nextShop()]++;
    }
    assertEquals(0.5, counts[0] / 100_000.0, 0.01, "the hot shop");
    assertTrue(counts[1] > counts[2] && counts[2] > counts[10], "Zipf: earlier shops more popular");
    assertEquals(2.0, (double) counts[1] / counts[2], 0.15, "shop 1 about twice shop 2 (s = 1)");
  }

  @Test
  void shouldGenerateValidUniqueOrdersReproducibly() {
    LoadOptions options = LoadOptions.parse(new String[] {"--seed", "9"});
    OrderGenerator a = new OrderGenerator(scenario(5), options, "r");
    OrderGenerator b = new OrderGenerator(scenario(5), options, "r");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Order order = a.next();
      assertEquals(order, b.next(), "same seed, same orders");
      assertEquals(List.of(), OrderValidation.check(order), order.toString());
      assertTrue(ids.add(order.orderId()));
    }
  }

  @Test
  void shouldReadStreamResultLines() {
    assertEquals(
        SendResult.Kind.STORED,
        HttpStreamSink.resultOf("{\"orderId\":\"o\",\"status\":\"PAID\"}").kind());
    assertEquals(
        SendResult.Kind.RETRY,
        HttpStreamSink.resultOf("{\"orderId\":\"o\",\"error\":{\"code\":\"UNAVAILABLE\"}}").kind());
    assertEquals(
        SendResult.Kind.ERROR,
        HttpStreamSink.resultOf("{\"orderId\":\"o\",\"error\":{\"code\":\"VALIDATION\"}}").kind());
  }

  @Test
  void shouldWriteOrdersTheApiReads() throws Exception {
    Order order = new OrderGenerator(scenario(3), LoadOptions.parse(new String[0]), "j").next();
    io.daifa.http.OrderBody body =
        io.daifa.http.Json.read(OrderJson.write(order), io.daifa.http.OrderBody.class);
    assertEquals(order, body.toOrder());
  }

  @Test
  void mutationsPerOrderAreTheGrowthOfEachTableMostFirstWithoutIdleOrNewTablesLost() {
    Map<String, Long> before = Map.of("ks.messages", 100L, "ks.tag_views", 40L, "ks.idle", 7L);
    Map<String, Long> after =
        Map.of("ks.messages", 300L, "ks.tag_views", 440L, "ks.idle", 7L, "ks.order_lines", 1_000L);
    Map<String, Double> perOrder = TableWrites.perOrder(before, after, 1_000);
    assertEquals(
        List.of("ks.order_lines", "ks.tag_views", "ks.messages"), List.copyOf(perOrder.keySet()));
    assertEquals(1.0, perOrder.get("ks.order_lines"));
    assertEquals(0.4, perOrder.get("ks.tag_views"));
    assertEquals(0.2, perOrder.get("ks.messages"));
  }
}

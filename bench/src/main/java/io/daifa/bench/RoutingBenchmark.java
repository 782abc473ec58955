package io.daifa.bench;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.RoutingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure routing core: {@link AllocationTable#route} for 1-line and 5-line orders, by product
 * with 10³ and 10⁶ SPU routes, and in whole-shop mode. Run with {@code -prof gc} to see the bytes
 * allocated per call, which should be the result and nothing else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RoutingBenchmark {

  private static final int SUPPLIERS = 8;
  private static final int ORDERS = 1024;

  /** A shop routing by product; orders cycle over a fixed set of routed SPUs. */
  @State(Scope.Benchmark)
  public static class ByProduct {
    @Param({"1000", "1000000"})
    int routes;

    AllocationTable table;
    Order[] oneLine;
    Order[] fiveLines;
    int next;

    @Setup
    public void setUp() {
      Map<String, String> productRoutes = new HashMap<>(routes * 2);
      for (int i = 0; i < routes; i++) {
        productRoutes.put("spu-" + i, "sup_" + (i % SUPPLIERS));
      }
      table =
          new AllocationTable(
              AllocationMode.BY_PRODUCT, null, productRoutes, Map.of(), Map.of(), suppliers());
      oneLine = orders(1, routes);
      fiveLines = orders(5, routes);
    }
  }

  /** A shop sending every line to one supplier. */
  @State(Scope.Benchmark)
  public static class WholeShop {
    AllocationTable table;
    Order[] oneLine;
    Order[] fiveLines;
    int next;

    @Setup
    public void setUp() {
      table =
          new AllocationTable(
              AllocationMode.WHOLE_SHOP, "sup_0", Map.of(), Map.of(), Map.of(), suppliers());
      oneLine = orders(1, 1000);
      fiveLines = orders(5, 1000);
    }
  }

  private static Set<String> suppliers() {
    Set<String> suppliers = new HashSet<>();
    for (int i = 0; i < SUPPLIERS; i++) {
      suppliers.add("sup_" + i);
    }
    return suppliers;
  }

  /** Orders whose lines name SPUs spread over the routed range. */
  private static Order[] orders(int lines, int spus) {
    Order[] orders = new Order[ORDERS];
    for (int o = 0; o < ORDERS; o++) {
      List<OrderLine> orderLines = new ArrayList<>(lines);
      for (int l = 0; l < lines; l++) {
        String spu = "spu-" + (int) (((long) (o * lines + l) * 7919L) % spus);
        orderLines.add(
            new OrderLine(
                Integer.toString(l + 1),
                spu,
                spu + "-sku",
                1,
                Fen.of(19_800),
                Fen.ZERO,
                Fen.ZERO,
                Fen.ZERO,
                BasisPoints.of(500)));
      }
      orders[o] = new Order("o-" + o, "shp_1", "b", null, Instant.EPOCH, orderLines);
    }
    return orders;
  }

  @Benchmark
  public RoutingResult byProductOneLine(ByProduct s) {
    return s.table.route(s.oneLine[s.next++ & (ORDERS - 1)]);
  }

  @Benchmark
  public RoutingResult byProductFiveLines(ByProduct s) {
    return s.table.route(s.fiveLines[s.next++ & (ORDERS - 1)]);
  }

  @Benchmark
  public RoutingResult wholeShopOneLine(WholeShop s) {
    return s.table.route(s.oneLine[s.next++ & (ORDERS - 1)]);
  }

  @Benchmark
  public RoutingResult wholeShopFiveLines(WholeShop s) {
    return s.table.route(s.fiveLines[s.next++ & (ORDERS - 1)]);
  }
}

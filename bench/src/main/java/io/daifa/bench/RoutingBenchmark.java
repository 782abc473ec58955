package io.daifa.bench;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.AllocationTable;
import io.daifa.routing.RoutingResult;
import io.daifa.routing.Rule;
import io.daifa.routing.RuleKind;
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
 * with 10³ and 10⁶ SPU routes, with 10⁴ SKU rules over 10³ SPU rules, and in whole-shop mode. Run
 * with {@code -prof gc} to see the bytes allocated per call, which should be the result and nothing
 * else.
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
      table =
          new AllocationTable(
              AllocationMode.BY_PRODUCT, null, spuRules(routes), Map.of(), Map.of(), suppliers());
      oneLine = orders(1, routes, 1);
      fiveLines = orders(5, routes, 1);
    }
  }

  /**
   * A shop routing by product with 10³ SPU rules and 10⁴ SKU rules over them (ten SKUs of each
   * SPU): every line's SKU is looked up first, and half of them have a rule.
   */
  @State(Scope.Benchmark)
  public static class BySku {
    static final int SPUS = 1_000;
    static final int SKUS_PER_SPU = 10;

    AllocationTable table;
    Order[] oneLine;
    Order[] fiveLines;
    int next;

    @Setup
    public void setUp() {
      Map<String, Map<String, Rule>> skuRules = new HashMap<>(SPUS * 2);
      for (int i = 0; i < SPUS; i++) {
        Map<String, Rule> ofSpu = new HashMap<>();
        for (int k = 0; k < SKUS_PER_SPU; k++) {
          ofSpu.put(
              "spu-" + i + "-sku" + (2 * k),
              Rule.of("sup_" + ((i + k) % SUPPLIERS), List.of(), RuleKind.SKU, Instant.EPOCH));
        }
        skuRules.put("spu-" + i, ofSpu);
      }
      table =
          new AllocationTable(
              AllocationMode.BY_PRODUCT,
              null,
              spuRules(SPUS),
              Map.of(),
              Map.of(),
              suppliers(),
              skuRules,
              null);
      oneLine = orders(1, SPUS, 2 * SKUS_PER_SPU);
      fiveLines = orders(5, SPUS, 2 * SKUS_PER_SPU);
    }
  }

  private static Map<String, Rule> spuRules(int routes) {
    Map<String, Rule> productRoutes = new HashMap<>(routes * 2);
    for (int i = 0; i < routes; i++) {
      productRoutes.put(
          "spu-" + i, Rule.of("sup_" + (i % SUPPLIERS), List.of(), RuleKind.SPU, Instant.EPOCH));
    }
    return productRoutes;
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
      oneLine = orders(1, 1000, 1);
      fiveLines = orders(5, 1000, 1);
    }
  }

  private static Set<String> suppliers() {
    Set<String> suppliers = new HashSet<>();
    for (int i = 0; i < SUPPLIERS; i++) {
      suppliers.add("sup_" + i);
    }
    return suppliers;
  }

  /**
   * Orders whose lines name SPUs spread over the routed range, and one of {@code skus} SKUs of each
   * ({@code spu-N-skuK}; with one, always {@code spu-N-sku0}).
   */
  private static Order[] orders(int lines, int spus, int skus) {
    Order[] orders = new Order[ORDERS];
    for (int o = 0; o < ORDERS; o++) {
      List<OrderLine> orderLines = new ArrayList<>(lines);
      for (int l = 0; l < lines; l++) {
        int n = o * lines + l;
        String spu = "spu-" + (int) (((long) n * 7919L) % spus);
        orderLines.add(
            new OrderLine(
                Integer.toString(l + 1),
                spu,
                spu + "-sku" + (n % skus),
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
  public RoutingResult bySkuOneLine(BySku s) {
    return s.table.route(s.oneLine[s.next++ & (ORDERS - 1)]);
  }

  @Benchmark
  public RoutingResult bySkuFiveLines(BySku s) {
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

package io.daifa.loadtest;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic paid orders, reproducible from a seed: shops drawn by a Zipf law (shop {@code k} is
 * {@code k^s} times less popular than the first), optionally one hot shop taking a fixed share of
 * all orders, lines per order drawn from a weighted table, and SPUs, amounts, fee rates, buyers and
 * agencies drawn uniformly. Not thread-safe: one generator per sending thread.
 */
public final class OrderGenerator {

  /** Fee rates around the 1% incentive floor of SPEC §6, and a common 5%. */
  private static final int[] FEE_RATES_BP = {0, 100, 101, 300, 500};

  private final Scenario scenario;
  private final String runId;
  private final SplittableRandom random;
  private final double hotShare;
  private final double[] shopCdf;
  private final int[] lineCounts;
  private final double[] lineCdf;
  private final Instant paidAt = Instant.parse("2026-11-10T16:00:01Z");
  private long next;

  public OrderGenerator(Scenario scenario, LoadOptions options, String runId) {
    this.scenario = scenario;
    this.runId = runId;
    this.random = new SplittableRandom(options.seed());
    this.hotShare = scenario.shopIds().size() > 1 ? options.hotShare() : 0;
    // With a hot shop, the others share the rest by the Zipf law.
    int first = hotShare > 0 ? 1 : 0;
    double[] weights = new double[scenario.shopIds().size()];
    for (int k = first; k < weights.length; k++) {
      weights[k] = 1 / Math.pow(k - first + 1, options.zipfExponent());
    }
    this.shopCdf = cumulative(weights);
    this.lineCounts = options.linesDistribution().stream().mapToInt(p -> p[0]).toArray();
    this.lineCdf =
        cumulative(options.linesDistribution().stream().mapToDouble(p -> p[1]).toArray());
  }

  public static String spuId(int index) {
    return "spu-" + index;
  }

  /** The index of the shop the next order goes to. */
  int nextShop() {
    if (hotShare > 0 && random.nextDouble() < hotShare) {
      return 0;
    }
    return pick(shopCdf);
  }

  public Order next() {
    String shopId = scenario.shopIds().get(nextShop());
    int lines = lineCounts[pick(lineCdf)];
    List<OrderLine> orderLines = new ArrayList<>(lines);
    for (int i = 1; i <= lines; i++) {
      String spu = spuId(random.nextInt(scenario.spusPerShop()));
      orderLines.add(
          new OrderLine(
              Integer.toString(i),
              spu,
              spu + "-sku",
              1 + random.nextInt(3),
              Fen.of(990 + random.nextInt(99_000)),
              Fen.of(random.nextInt(4) == 0 ? 500 : 0),
              Fen.of(random.nextInt(3) == 0 ? 1_000 : 0),
              Fen.of(0),
              BasisPoints.of(FEE_RATES_BP[random.nextInt(FEE_RATES_BP.length)])));
    }
    List<String> agencies = scenario.agencyIds();
    String agencyId =
        agencies.isEmpty() || random.nextInt(10) >= 7
            ? null
            : agencies.get(random.nextInt(agencies.size()));
    return new Order(
        "lt-" + runId + "-" + next++,
        shopId,
        "buyer-" + random.nextInt(100_000),
        agencyId,
        paidAt,
        orderLines);
  }

  private int pick(double[] cdf) {
    int at = Arrays.binarySearch(cdf, random.nextDouble() * cdf[cdf.length - 1]);
    // An exact hit on a boundary belongs to the next entry, which also skips a zero-weight first
    // entry (the hot shop's slot in the Zipf table).
    int index = at >= 0 ? at + 1 : -at - 1;
    return Math.min(index, cdf.length - 1);
  }

  private static double[] cumulative(double[] weights) {
    double[] cdf = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cdf[i] = sum;
    }
    return cdf;
  }
}

package io.daifa.bench;

import io.daifa.market.Listing;
import io.daifa.market.MarketCursor;
import io.daifa.market.MarketIndex;
import io.daifa.market.MarketQuery;
import io.daifa.market.MarketSort;
import io.daifa.market.ProductId;
import io.daifa.market.ProductSales;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Market searches over {@code listings} products in the in-memory index (API.md's {@code GET
 * /v1/market/products}), sampled one call at a time so that JMH reports percentiles: the p99 is
 * what the 50 ms promise is about. Titles are Chinese and English words over 14 categories and 5
 * source platforms, with sales and rates spread like a real market's (a few best sellers).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MarketSearchBenchmark {

  private static final String[] WORDS = {
    "纯棉",
    "短袖",
    "T恤",
    "男款",
    "女款",
    "西湖",
    "龙井",
    "明前茶",
    "保温杯",
    "礼盒",
    "运动鞋",
    "面膜",
    "手机壳",
    "蓝牙",
    "耳机",
    "坚果",
    "零食",
    "大米",
    "牛奶",
    "洗衣液",
    "猫粮",
    "狗粮",
    "口红",
    "Tea",
    "Mug",
    "Cotton",
    "Sport",
    "Wireless",
    "Organic",
    "新款",
    "特价",
    "包邮",
    "旗舰",
    "家用",
    "儿童",
    "500g"
  };
  private static final String[] CATEGORIES = {
    "apparel",
    "shoes-bags",
    "beauty",
    "food",
    "fresh",
    "mother-baby",
    "home",
    "appliances",
    "digital",
    "books",
    "sports",
    "health",
    "jewelry",
    "pets"
  };
  private static final String[] PLATFORMS = {"SUPPLIER", "JD", "PINDUODUO", "VIPSHOP", "DANGDANG"};

  @State(Scope.Benchmark)
  public static class Market {
    @Param({"100000"})
    int listings;

    MarketIndex index;
    MarketQuery bestSellers;
    MarketQuery cheapestFood;
    MarketQuery keyword;
    MarketQuery twoWordsHighCommission;
    MarketQuery deepPage;

    @Setup
    public void setUp() {
      index = new MarketIndex();
      Random random = new Random(11);
      Instant at = Instant.parse("2026-11-20T00:00:00Z");
      Map<String, ProductSales> sales = new HashMap<>();
      for (int i = 0; i < listings; i++) {
        String supplier = "sup_" + Integer.toString(i % 5_000, 36);
        String spu = "spu-" + i;
        StringBuilder title = new StringBuilder();
        int words = 3 + random.nextInt(4);
        for (int w = 0; w < words; w++) {
          title.append(WORDS[random.nextInt(WORDS.length)]).append(w + 1 < words ? " " : "");
        }
        long price = 100 + random.nextInt(99_900);
        index.put(
            new Listing(
                ProductId.of(supplier, spu),
                supplier,
                spu,
                title.toString(),
                CATEGORIES[random.nextInt(CATEGORIES.length)],
                Fen.of(price),
                BasisPoints.of(random.nextInt(3_000)),
                PLATFORMS[random.nextInt(PLATFORMS.length)],
                random.nextInt(10) != 0,
                List.of(),
                false,
                at,
                at));
        // A few best sellers, most products selling little.
        sales.put(
            ProductId.of(supplier, spu),
            new ProductSales((long) (Math.pow(random.nextDouble(), 6) * 100_000), null));
      }
      index.sales(sales);
      bestSellers = query(null, null, List.of(), MarketSort.SALES, null);
      cheapestFood = query("food", null, List.of(), MarketSort.PRICE, null);
      keyword = query(null, null, List.of("龙井"), MarketSort.SALES, null);
      twoWordsHighCommission =
          query(null, BasisPoints.of(1_500), List.of("纯棉", "t恤"), MarketSort.COMMISSION, null);
      MarketIndex.Page page = index.search(bestSellers);
      for (int i = 0; i < 50; i++) {
        page = index.search(query(null, null, List.of(), MarketSort.SALES, page.next()));
      }
      deepPage = query(null, null, List.of(), MarketSort.SALES, page.next());
    }

    private static MarketQuery query(
        String category,
        BasisPoints minRate,
        List<String> words,
        MarketSort sort,
        MarketCursor after) {
      return new MarketQuery(
          category, null, minRate, null, null, null, null, words, sort, after, 20);
    }
  }

  /** The market's first page: everything, most sold first. */
  @Benchmark
  public MarketIndex.Page bestSellers(Market market) {
    return market.index.search(market.bestSellers);
  }

  /** One category, cheapest first. */
  @Benchmark
  public MarketIndex.Page cheapestInACategory(Market market) {
    return market.index.search(market.cheapestFood);
  }

  /** A Chinese word in the title. */
  @Benchmark
  public MarketIndex.Page keyword(Market market) {
    return market.index.search(market.keyword);
  }

  /** Two words and a minimum rate, by commission per unit. */
  @Benchmark
  public MarketIndex.Page twoWordsByCommission(Market market) {
    return market.index.search(market.twoWordsHighCommission);
  }

  /** The 52nd page of the best sellers (a cursor deep into the market). */
  @Benchmark
  public MarketIndex.Page deepPage(Market market) {
    return market.index.search(market.deepPage);
  }
}

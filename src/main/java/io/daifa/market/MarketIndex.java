package io.daifa.market;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The market as the shops browse it: every listed product with its sales, in memory on each node,
 * fed by the market's events ({@code readside.MarketFeed}). A search scans the products once, laid
 * out in columns ({@link MarketColumns}), and keeps the best page in a bounded heap, so its cost is
 * linear in the listings and does not depend on the page asked for (100,000 listings: see the
 * README for the measured figures). Written by one feed, read by many requests at once.
 */
public final class MarketIndex {

  /** A listed product as a search or a lookup sees it: its sales as of today. */
  public record Entry(Listing listing, long sales, String searchableTitle) {}

  /** A listed product as the index keeps it: its sales as the supplier reported them. */
  private record Stored(Listing listing, ProductSales sales, String searchableTitle) {

    Entry asOf(long today) {
      return new Entry(listing, sales.on(today), searchableTitle);
    }
  }

  /** A page of products, and the cursor of the next page (null: this was the last). */
  public record Page(List<Entry> products, MarketCursor next) {}

  private final Map<String, Stored> products = new ConcurrentHashMap<>();

  /** Whose calendar decides which days of sales are the last 30. */
  private final Clock clock;

  /** Bumped by every change, so that a search knows whether its columns are current. */
  private final AtomicLong version = new AtomicLong();

  private final long maxStalenessNanos;

  /** The columns a search scans, and the version, day and time they were built at. */
  private record Columns(MarketColumns columns, long version, long day, long builtAt) {}

  private volatile Columns columns;

  /** An index whose searches always see the latest change. */
  public MarketIndex() {
    this(Duration.ZERO, Clock.systemUTC());
  }

  /**
   * An index whose searches may see the market as it was up to {@code maxStaleness} ago: while
   * listings and sales change, the columns are rebuilt at most that often, not on every search.
   */
  public MarketIndex(Duration maxStaleness, Clock clock) {
    this.maxStalenessNanos = maxStaleness.toNanos();
    this.clock = clock;
    // Built "long enough ago" that the first change is seen by the first search.
    this.columns =
        new Columns(
            new MarketColumns(List.of()), 0, today(), System.nanoTime() - maxStalenessNanos - 1);
  }

  /** Sales reported before their listing arrived (feeds of different entities interleave). */
  private final Map<String, ProductSales> earlySales = new ConcurrentHashMap<>();

  /** Lower case, so that a query word matches whatever its case in the title. */
  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** A product listed or changed; a delisted one leaves the market (picks of it stay). */
  public void put(Listing listing) {
    version.incrementAndGet();
    if (listing.delisted()) {
      products.remove(listing.productId());
      return;
    }
    Stored known = products.get(listing.productId());
    ProductSales early = earlySales.remove(listing.productId());
    ProductSales sales = known != null ? known.sales() : early != null ? early : ProductSales.NONE;
    products.put(listing.productId(), new Stored(listing, sales, normalize(listing.title())));
  }

  /** The supplier's report of units sold in the last 30 days, per product. */
  public void sales(Map<String, ProductSales> byProduct) {
    version.incrementAndGet();
    byProduct.forEach(
        (productId, sales) -> {
          Stored known = products.get(productId);
          if (known == null) {
            earlySales.put(productId, sales);
          } else {
            products.put(productId, new Stored(known.listing(), sales, known.searchableTitle()));
          }
        });
  }

  /** The product as listed now, with its sales as of today; null when not in the market. */
  public Entry get(String productId) {
    Stored stored = products.get(productId);
    return stored == null ? null : stored.asOf(today());
  }

  private long today() {
    return SalesTally.dayOf(clock.instant());
  }

  public Page search(MarketQuery query) {
    MarketSort sort = query.sort();
    MarketCursor after =
        query.after() != null && query.after().sort() == sort ? query.after() : null;
    int keep = query.limit() + 1; // one more than the page: whether a next page exists
    // The best found so far, worst on top: a product that is not better than the top is skipped
    // with one comparison, so a search costs little more than the scan itself.
    PriorityQueue<Ranked> best = new PriorityQueue<>(keep + 1, Ranked::compareWorstFirst);
    MarketColumns c = columns();
    long wordBits = query.wordSignature();
    for (int i = 0; i < c.size; i++) {
      if (!c.matches(query, wordBits, i)) {
        continue;
      }
      long key = c.key(sort, i);
      String id = c.ids[i];
      if (after != null && !after.isBefore(key, id)) {
        continue;
      }
      if (best.size() == keep && !Ranked.before(key, id, best.peek())) {
        continue;
      }
      best.add(new Ranked(key, id, c.entries[i]));
      if (best.size() > keep) {
        best.poll();
      }
    }
    List<Ranked> ranked = new ArrayList<>(best);
    ranked.sort((a, b) -> Ranked.compareWorstFirst(b, a));
    MarketCursor next = null;
    if (ranked.size() > query.limit()) {
      ranked = ranked.subList(0, query.limit());
      Ranked last = ranked.get(ranked.size() - 1);
      next = new MarketCursor(sort, last.key(), last.id());
    }
    return new Page(ranked.stream().map(Ranked::entry).toList(), next);
  }

  /** The columns to scan: rebuilt when the market changed, at most once per staleness period. */
  private MarketColumns columns() {
    Columns current = columns;
    long now = System.nanoTime();
    long today = today();
    boolean upToDate = current.version() == version.get() && current.day() == today;
    if (upToDate || now - current.builtAt() < maxStalenessNanos) {
      return current.columns();
    }
    synchronized (this) {
      current = columns;
      long seen = version.get();
      if ((current.version() != seen || current.day() != today)
          && now - current.builtAt() >= maxStalenessNanos) {
        List<Entry> entries = new ArrayList<>(products.size());
        for (Stored stored : products.values()) {
          entries.add(stored.asOf(today));
        }
        current = new Columns(new MarketColumns(entries), seen, today, System.nanoTime());
        columns = current;
      }
      return current.columns();
    }
  }

  /** A product with its sort key, computed once per search. */
  private record Ranked(long key, String id, Entry entry) {

    static boolean before(long key, String id, Ranked other) {
      return key < other.key || (key == other.key && id.compareTo(other.id) < 0);
    }

    /** The reverse of the page's order: the worst first. */
    static int compareWorstFirst(Ranked a, Ranked b) {
      int byKey = Long.compare(b.key, a.key);
      return byKey != 0 ? byKey : b.id.compareTo(a.id);
    }
  }
}

package io.daifa.market;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The market as the shops browse it: every listed product with its sales, in memory on each node,
 * fed by the market's events ({@link MarketFeed}). A search scans the products once and keeps the
 * best page in a bounded heap, so its cost is linear in the listings and does not depend on the
 * page asked for: about 100,000 listings fit the 50 ms the API promises with room to spare (see the
 * README for the measured figure). Written by one feed, read by many requests at once.
 */
public final class MarketIndex {

  /** A listed product as the index holds it. */
  public record Entry(Listing listing, long sales, String searchableTitle) {

    static Entry of(Listing listing, long sales) {
      return new Entry(listing, sales, normalize(listing.title()));
    }
  }

  /** A page of products, and the cursor of the next page (null: this was the last). */
  public record Page(List<Entry> products, MarketCursor next) {}

  private final Map<String, Entry> products = new ConcurrentHashMap<>();

  /** Sales reported before their listing arrived (feeds of different entities interleave). */
  private final Map<String, Long> earlySales = new ConcurrentHashMap<>();

  /** Lower case, so that a query word matches whatever its case in the title. */
  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** A product listed or changed; a delisted one leaves the market (picks of it stay). */
  public void put(Listing listing) {
    if (listing.delisted()) {
      products.remove(listing.productId());
      return;
    }
    Entry known = products.get(listing.productId());
    Long early = earlySales.remove(listing.productId());
    long sales = known != null ? known.sales() : early != null ? early : 0;
    products.put(listing.productId(), Entry.of(listing, sales));
  }

  /** The supplier's count of units sold in the last 30 days, per product. */
  public void sales(Map<String, Long> byProduct) {
    byProduct.forEach(
        (productId, sales) -> {
          Entry known = products.get(productId);
          if (known == null) {
            earlySales.put(productId, sales);
          } else {
            products.put(productId, new Entry(known.listing(), sales, known.searchableTitle()));
          }
        });
  }

  public Entry get(String productId) {
    return products.get(productId);
  }

  public int size() {
    return products.size();
  }

  public Collection<Entry> all() {
    return products.values();
  }

  public Page search(MarketQuery query) {
    MarketSort sort = query.sort();
    MarketCursor after =
        query.after() != null && query.after().sort() == sort ? query.after() : null;
    Comparator<Entry> order =
        Comparator.<Entry>comparingLong(sort::key).thenComparing(e -> e.listing().productId());
    // The worst of the best found so far on top, so that it is the one dropped.
    PriorityQueue<Entry> best = new PriorityQueue<>(query.limit() + 2, order.reversed());
    for (Entry entry : products.values()) {
      if (!query.matches(entry)) {
        continue;
      }
      long key = sort.key(entry);
      if (after != null && !after.isBefore(key, entry.listing().productId())) {
        continue;
      }
      best.add(entry);
      if (best.size() > query.limit() + 1) {
        best.poll();
      }
    }
    List<Entry> page = new ArrayList<>(best);
    page.sort(order);
    MarketCursor next = null;
    if (page.size() > query.limit()) {
      page = page.subList(0, query.limit());
      Entry last = page.get(page.size() - 1);
      next = new MarketCursor(sort, sort.key(last), last.listing().productId());
    }
    return new Page(List.copyOf(page), next);
  }
}

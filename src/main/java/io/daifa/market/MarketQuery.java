package io.daifa.market;

import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.util.List;

/**
 * A search of the market: every filter is optional (null), {@code words} must all occur in the
 * title (any case; Chinese matched as written, so no word segmentation is needed), and the answer
 * is a page of {@code limit} products after {@code after} in the order of {@code sort}.
 */
public record MarketQuery(
    String category,
    String sourcePlatform,
    BasisPoints minCommissionRate,
    BasisPoints maxCommissionRate,
    Fen minPrice,
    Fen maxPrice,
    Boolean inStock,
    List<String> words,
    MarketSort sort,
    MarketCursor after,
    int limit) {

  public MarketQuery {
    words = List.copyOf(words);
  }

  /** The characters of every word ({@link MarketColumns#signature}). */
  long wordSignature() {
    return MarketColumns.signature(String.join("", words));
  }

  /** Everything, by sales, first page. */
  public static MarketQuery all(int limit) {
    return new MarketQuery(
        null, null, null, null, null, null, null, List.of(), MarketSort.SALES, null, limit);
  }
}

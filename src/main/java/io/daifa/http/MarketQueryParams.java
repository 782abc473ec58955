package io.daifa.http;

import io.daifa.market.ListingRules;
import io.daifa.market.MarketCursor;
import io.daifa.market.MarketIndex;
import io.daifa.market.MarketQuery;
import io.daifa.market.MarketSort;
import io.daifa.market.MarketTaxonomy;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /v1/market/products}, checked: every parameter optional, each bad one
 * answered with a problem naming it, an unknown one refused (a typo must not widen the search).
 */
final class MarketQueryParams {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  static final int MAX_QUERY_LENGTH = 100;
  static final int MAX_WORDS = 8;

  private static final Set<String> KNOWN =
      Set.of(
          "category",
          "sourcePlatform",
          "minCommissionRateBp",
          "maxCommissionRateBp",
          "minPrice",
          "maxPrice",
          "inStock",
          "q",
          "sort",
          "after",
          "limit");

  private MarketQueryParams() {}

  static MarketQuery parse(Map<String, String> params, MarketTaxonomy taxonomy) {
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw Problem.invalid(name, "is not a parameter of this search; known: " + KNOWN)
            .exception();
      }
    }
    String category = params.get("category");
    if (category != null && !taxonomy.isCategory(category)) {
      throw Problem.invalid("category", "is not one of GET /v1/market/categories' categories")
          .exception();
    }
    String platform = params.get("sourcePlatform");
    if (platform != null && !taxonomy.isSourcePlatform(platform)) {
      throw Problem.invalid(
              "sourcePlatform", "is not one of GET /v1/market/categories' sourcePlatforms")
          .exception();
    }
    MarketSort sort = MarketSort.SALES;
    if (params.containsKey("sort")) {
      sort = MarketSort.parse(params.get("sort"));
      if (sort == null) {
        throw Problem.invalid("sort", "must be sales, price, commission or commissionRate")
            .exception();
      }
    }
    MarketCursor after = null;
    if (params.containsKey("after")) {
      after = MarketCursor.decode(params.get("after"));
      if (after == null || after.sort() != sort) {
        throw Problem.invalid("after", "must be the next cursor of a page in the same sort")
            .exception();
      }
    }
    return new MarketQuery(
        category,
        platform,
        rate(params, "minCommissionRateBp"),
        rate(params, "maxCommissionRateBp"),
        price(params, "minPrice"),
        price(params, "maxPrice"),
        bool(params, "inStock"),
        words(params.get("q")),
        sort,
        after,
        (int) number(params, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
  }

  private static List<String> words(String q) {
    if (q == null) {
      return List.of();
    }
    if (q.length() > MAX_QUERY_LENGTH || q.chars().anyMatch(Character::isISOControl)) {
      throw Problem.invalid(
              "q", "must be at most " + MAX_QUERY_LENGTH + " characters, no control characters")
          .exception();
    }
    List<String> words = new ArrayList<>();
    for (String word : MarketIndex.normalize(q).strip().split("\\s+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    if (words.size() > MAX_WORDS) {
      throw Problem.invalid("q", "must have at most " + MAX_WORDS + " words").exception();
    }
    return words;
  }

  private static BasisPoints rate(Map<String, String> params, String name) {
    return params.containsKey(name)
        ? BasisPoints.of((int) number(params, name, 0, ListingRules.MAX_COMMISSION_RATE_BP, 0))
        : null;
  }

  private static Fen price(Map<String, String> params, String name) {
    return params.containsKey(name)
        ? Fen.of(number(params, name, 0, ListingRules.MAX_PRICE_FEN, 0))
        : null;
  }

  private static Boolean bool(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw Problem.invalid(name, "must be true or false").exception();
    }
    return Boolean.valueOf(value);
  }

  private static long number(
      Map<String, String> params, String name, long min, long max, long absent) {
    String value = params.get(name);
    if (value == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.invalid(name, "must be an integer from " + min + " to " + max).exception();
  }
}

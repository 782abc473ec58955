package io.daifa.market;

import io.daifa.order.OrderValidation;
import io.daifa.order.OrderValidation.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a listing may say (SPEC §9): the ranges of prices and rates, a category and a source
 * platform the market knows, a title people can read. Every violation names its field.
 */
public final class ListingRules {

  public static final long MIN_PRICE_FEN = 1;

  /** 1,000,000 CNY: a line of an order may not be dearer either ({@link OrderValidation}). */
  public static final long MAX_PRICE_FEN = 100_000_000L;

  /** Commission rates from 0 to 90 %: what is left must at least cover the platform's fees. */
  public static final int MAX_COMMISSION_RATE_BP = 9_000;

  public static final int MAX_TITLE_LENGTH = 120;
  public static final int MAX_SKUS = 100;

  private ListingRules() {}

  public static List<Violation> check(ListingDraft draft, MarketTaxonomy taxonomy) {
    List<Violation> violations = new ArrayList<>();
    if (!OrderValidation.isId(draft.spuId())) {
      violations.add(
          new Violation("spuId", "must be 1-64 characters of letters, digits, '_', '.', ':', '-'"));
    }
    String titleProblem = titleProblem(draft.title());
    if (titleProblem != null) {
      violations.add(new Violation("title", titleProblem));
    }
    if (!taxonomy.isCategory(draft.category())) {
      violations.add(
          new Violation("category", "must be one of GET /v1/market/categories' categories"));
    }
    if (!taxonomy.isSourcePlatform(draft.sourcePlatform())) {
      violations.add(
          new Violation(
              "sourcePlatform", "must be one of GET /v1/market/categories' sourcePlatforms"));
    }
    checkPrice("price", draft.price().value(), violations);
    checkRate("commissionRateBp", draft.commissionRateBp().value(), violations);
    if (draft.skus().size() > MAX_SKUS) {
      violations.add(new Violation("skus", "must contain at most " + MAX_SKUS + " SKUs"));
    }
    Set<String> skuIds = new HashSet<>();
    for (int i = 0; i < draft.skus().size() && i < MAX_SKUS; i++) {
      ListingSku sku = draft.skus().get(i);
      String field = "skus[" + i + "].";
      if (!OrderValidation.isId(sku.skuId())) {
        violations.add(
            new Violation(field + "skuId", "must be 1-64 characters of the ID alphabet"));
      } else if (!skuIds.add(sku.skuId())) {
        violations.add(new Violation(field + "skuId", "is listed twice"));
      }
      checkPrice(field + "price", sku.price().value(), violations);
    }
    return violations;
  }

  public static List<Violation> check(ListingChange change) {
    List<Violation> violations = new ArrayList<>();
    if (change.isEmpty()) {
      violations.add(
          new Violation("body", "must change at least one of price, commissionRateBp, inStock"));
    }
    if (change.price() != null) {
      checkPrice("price", change.price().value(), violations);
    }
    if (change.commissionRateBp() != null) {
      checkRate("commissionRateBp", change.commissionRateBp().value(), violations);
    }
    return violations;
  }

  /** Why {@code title} cannot be shown, or null when it can. */
  static String titleProblem(String title) {
    if (title == null || title.isBlank() || title.strip().length() > MAX_TITLE_LENGTH) {
      return "must be 1 to " + MAX_TITLE_LENGTH + " characters";
    }
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.PRIVATE_USE
          || Character.getType(c) == Character.UNASSIGNED) {
        return "must not contain control, format or unassigned characters";
      }
    }
    return null;
  }

  private static void checkPrice(String field, long fen, List<Violation> violations) {
    if (fen < MIN_PRICE_FEN || fen > MAX_PRICE_FEN) {
      violations.add(
          new Violation(
              field, "must be between " + MIN_PRICE_FEN + " and " + MAX_PRICE_FEN + " fen"));
    }
  }

  private static void checkRate(String field, int bp, List<Violation> violations) {
    if (bp < 0 || bp > MAX_COMMISSION_RATE_BP) {
      violations.add(
          new Violation(
              field, "must be between 0 and " + MAX_COMMISSION_RATE_BP + " basis points"));
    }
  }
}

package io.daifa.market;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the last product's sort key and ID, in the order it was sorted by. The next
 * page starts strictly after it, so a product whose figures did not change is never shown twice or
 * skipped. Opaque to callers ({@code after=}).
 */
public record MarketCursor(MarketSort sort, long key, String productId) {

  public String encode() {
    String plain = sort.wireName() + "|" + key + "|" + productId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor written in {@code text}, or null when it is not one of ours. */
  public static MarketCursor decode(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\|", 3);
      if (parts.length != 3) {
        return null;
      }
      MarketSort sort = MarketSort.parse(parts[0]);
      if (sort == null || !ProductId.isValid(parts[2])) {
        return null;
      }
      return new MarketCursor(sort, Long.parseLong(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** True when {@code key, productId} comes after this cursor. */
  boolean isBefore(long otherKey, String otherId) {
    return key < otherKey || (key == otherKey && productId.compareTo(otherId) < 0);
  }
}

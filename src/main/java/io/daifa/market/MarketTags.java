package io.daifa.market;

import java.util.Set;

/**
 * The tag of the events the market's index reads on every node: listings and sales figures. A few
 * events per supplier, never one per order, so one tag (one partition per time bucket) holds them
 * all.
 */
public final class MarketTags {

  public static final String TAG = "market";

  public static final Set<String> TAGS = Set.of(TAG);

  private MarketTags() {}
}

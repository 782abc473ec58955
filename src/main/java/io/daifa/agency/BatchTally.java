package io.daifa.agency;

import io.daifa.money.Fen;
import java.util.Map;

/**
 * The GMV one shop event of paid promoter orders brought an agency, per Shanghai month ({@code
 * 2026-11}): the event is the shop's {@code seqNr}, as the order feed read it from tag slice {@code
 * slice}. The feed reads a shop's events of one slice in sequence order, so the highest {@code
 * seqNr} credited per shop and slice is all the agency needs to count each event once.
 */
public record BatchTally(String shopId, int slice, long seqNr, Map<String, Fen> gmvByMonth) {

  /** The key of the agency's high-water mark for this shop and slice. */
  public String feedKey() {
    return feedKey(shopId, slice);
  }

  public static String feedKey(String shopId, int slice) {
    return shopId + "/" + slice;
  }
}

package io.daifa.agency;

import io.daifa.agency.AgencyEntity.PaidLine;
import io.daifa.agency.AgencyEntity.PaidOrder;
import io.daifa.agency.AgencyEntity.ShopBatch;
import io.daifa.money.Fen;
import io.daifa.policy.ShanghaiCalendar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a credit of shop events adds to an agency's GMV: the decision of {@code CreditGmv}. */
final class GmvTallies {

  private GmvTallies() {}

  /**
   * One tally per shop event not credited before, in the order given; an event at or below its shop
   * and slice's high-water mark (in the state, or earlier in the same command) is one the feed read
   * again, and is skipped. Lines a journal from before tallies counted are left out.
   */
  static List<BatchTally> of(AgencyState state, List<ShopBatch> batches) {
    List<BatchTally> tallies = new ArrayList<>();
    Map<String, Long> creditedNow = new HashMap<>();
    for (ShopBatch batch : batches) {
      String feedKey = BatchTally.feedKey(batch.shopId(), batch.slice());
      long through =
          Math.max(state.creditedThrough(feedKey), creditedNow.getOrDefault(feedKey, 0L));
      if (batch.seqNr() <= through) {
        continue;
      }
      creditedNow.put(feedKey, batch.seqNr());
      Map<String, Fen> gmv = new TreeMap<>();
      for (PaidOrder order : batch.orders()) {
        String month = ShanghaiCalendar.monthKeyOf(order.paidAt());
        for (PaidLine line : order.lines()) {
          if (!state.countedBefore(batch.shopId(), order.orderId(), line.lineId())) {
            gmv.merge(month, line.amount(), Fen::plus);
          }
        }
      }
      tallies.add(new BatchTally(batch.shopId(), batch.slice(), batch.seqNr(), gmv));
    }
    return tallies;
  }
}

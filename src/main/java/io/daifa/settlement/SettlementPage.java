package io.daifa.settlement;

import io.daifa.common.CborSerializable;
import java.util.List;

/**
 * One step of a settlement: the lines read from {@code from}, what is to be done with each, and
 * where reading goes on ({@code next}).
 */
public record SettlementPage(
    String pageId, Checkpoint from, Checkpoint next, List<LineDecision> decisions)
    implements CborSerializable {

  public SettlementPage {
    decisions = List.copyOf(decisions);
  }
}

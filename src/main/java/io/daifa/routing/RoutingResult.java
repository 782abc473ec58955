package io.daifa.routing;

import java.util.List;

/**
 * What {@link AllocationTable#route} decided for one order: one group per supplier, in the order
 * the suppliers first appear among the lines, and the lines left for manual allocation.
 */
public record RoutingResult(List<DropshipGroup> dropshipGroups, List<ManualLine> manualLines) {

  public RoutingResult {
    dropshipGroups = List.copyOf(dropshipGroups);
    manualLines = List.copyOf(manualLines);
  }

  public List<String> manualLineIds() {
    return manualLines.stream().map(m -> m.line().lineId()).toList();
  }
}

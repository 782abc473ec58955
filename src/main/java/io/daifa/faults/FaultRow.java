package io.daifa.faults;

import java.util.List;

/**
 * One line of the fault table: what a scenario sent, what the router acknowledged, what the views
 * showed afterwards, the refusals met on the way, how long the router took to take orders again,
 * and every check that failed (empty: the scenario passed).
 */
record FaultRow(
    String scenario,
    int sent,
    int acknowledged,
    String found,
    int lost,
    int duplicated,
    long serverErrors,
    long unavailable,
    long limited,
    String recovery,
    String notes,
    List<String> failures) {

  static FaultRow of(
      String scenario,
      Ledger ledger,
      Audit.Result audit,
      String recovery,
      String notes,
      List<String> failures) {
    return new FaultRow(
        scenario,
        ledger.sentCount(),
        ledger.acknowledged(),
        audit == null ? "-" : audit.found() + "/" + audit.checked(),
        audit == null ? 0 : audit.lost(),
        audit == null ? 0 : audit.duplicated() + (audit.gmvDifference() > 0 ? 1 : 0),
        ledger.serverErrors.sum(),
        ledger.unavailable.sum(),
        ledger.limited.sum(),
        recovery,
        notes,
        List.copyOf(failures));
  }

  boolean passed() {
    return failures.isEmpty();
  }
}

package io.daifa.agency;

import io.daifa.common.CborSerializable;
import io.daifa.common.DedupWindow;
import io.daifa.common.Persistent;
import io.daifa.money.Fen;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.PolicyVersions;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A promoter agency's money side: GMV per Shanghai month (keys like {@code 2026-11}), up to which
 * shop event of each shop and feed slice it is credited ({@code creditedThrough}, see {@link
 * BatchTally}), the deposit paid in total, and its violations. {@code countedLines}: the lines
 * journals from before {@link AgencyEvent.GmvTallied} counted one by one, kept so that the feed
 * reading such an order again after an upgrade counts it once. Standing and deposit figures are
 * computed from it with the deposit policy in force.
 */
public record AgencyState(
    Map<String, Fen> gmvByMonth,
    DedupWindow<Boolean> countedLines,
    Fen depositPaid,
    boolean everPaid,
    Map<String, Violation> violations,
    IncentiveLedger incentives,
    DedupWindow<AdminRequest> requests,
    Map<String, Long> creditedThrough)
    implements CborSerializable {

  /**
   * An admin's money-moving request made with an {@code Idempotency-Key}: what it asked ({@code
   * fingerprint}) and what it was answered (a violation's ID), so that a retry is answered alike.
   */
  public record AdminRequest(String fingerprint, String answer) {}

  public AgencyState {
    gmvByMonth = Persistent.map(gmvByMonth);
    violations = Persistent.map(violations);
    incentives = incentives == null ? IncentiveLedger.EMPTY : incentives;
    // Snapshots from before idempotent admin requests have none.
    requests =
        requests == null
            ? new DedupWindow<>(countedLines.windowMillis(), 0, Map.of(), Map.of())
            : requests;
    // Snapshots from before tallies per shop event have none.
    creditedThrough =
        creditedThrough == null ? HashTreePMap.empty() : Persistent.map(creditedThrough);
  }

  public static AgencyState empty(Duration dedupWindow) {
    return new AgencyState(
        HashTreePMap.empty(),
        DedupWindow.of(dedupWindow),
        Fen.ZERO,
        false,
        HashTreePMap.empty(),
        IncentiveLedger.EMPTY,
        DedupWindow.of(dedupWindow),
        HashTreePMap.empty());
  }

  /** This state without its de-duplication windows: what the HTTP API reads of an agency. */
  public AgencyState view() {
    return new AgencyState(
        gmvByMonth,
        DedupWindow.of(Duration.ofMillis(countedLines.windowMillis())),
        depositPaid,
        everPaid,
        violations,
        incentives,
        DedupWindow.of(Duration.ofMillis(requests.windowMillis())),
        HashTreePMap.empty());
  }

  /** The highest shop event of {@code feedKey} ({@link BatchTally#feedKey}) credited, or 0. */
  public long creditedThrough(String feedKey) {
    return creditedThrough.getOrDefault(feedKey, 0L);
  }

  /** Whether a journal from before tallies per shop event counted this line. */
  public boolean countedBefore(String shopId, String orderId, String lineId) {
    return countedLines.size() > 0 && countedLines.contains(lineKey(shopId, orderId, lineId));
  }

  /** The fingerprint of a deposit request. */
  public static String depositRequest(Fen amount) {
    return "deposit " + amount.value();
  }

  /** The fingerprint of a violation request. */
  public static String violationRequest(String reason) {
    return "violation " + reason;
  }

  /** A line: of an order of a shop (platform order IDs are unique only within a shop). */
  public static String lineKey(String shopId, String orderId, String lineId) {
    return shopId + "/" + orderId + "/" + lineId;
  }

  public Fen gmv(YearMonth month) {
    return gmvByMonth.getOrDefault(month.toString(), Fen.ZERO);
  }

  /** The deposit required for {@code month}: set by the previous month's GMV (SPEC §5). */
  public Fen required(YearMonth month, PolicyVersions<DepositPolicy> policies) {
    return policies.inForce(month).required(gmv(month.minusMonths(1)));
  }

  /** Required minus paid, when positive, for an account in the deposit regime; else 0. */
  public Fen shortfall(YearMonth month, PolicyVersions<DepositPolicy> policies) {
    return everPaid ? required(month, policies).minus(depositPaid).max(Fen.ZERO) : Fen.ZERO;
  }

  public boolean hasOpenViolation() {
    return violations.values().stream().anyMatch(Violation::isOpen);
  }

  /** Zero-deposit rights end for good with the first recorded violation (SPEC §7). */
  public boolean zeroDepositEligible() {
    return !everPaid && violations.isEmpty();
  }

  public Standing standing(YearMonth month, PolicyVersions<DepositPolicy> policies) {
    return standing(month, policies.inForce(month));
  }

  /** The standing in {@code month}, with {@code inForce} the deposit policy of that month. */
  public Standing standing(YearMonth month, DepositPolicy inForce) {
    if (hasOpenViolation() || (!everPaid && !violations.isEmpty())) {
      return Standing.RESTRICTED;
    }
    if (!everPaid) {
      return Standing.ZERO_DEPOSIT;
    }
    return depositPaid.compareTo(inForce.required(gmv(month.minusMonths(1)))) >= 0
        ? Standing.DEPOSIT_COVERED
        : Standing.SHORTFALL;
  }

  public AgencyState apply(AgencyEvent event) {
    if (event instanceof AgencyEvent.GmvTallied tallied) {
      PMap<String, Fen> gmv = Persistent.map(gmvByMonth);
      PMap<String, Long> through = Persistent.map(creditedThrough);
      for (BatchTally batch : tallied.batches()) {
        through =
            through.plus(
                batch.feedKey(),
                Math.max(batch.seqNr(), through.getOrDefault(batch.feedKey(), 0L)));
        for (Map.Entry<String, Fen> month : batch.gmvByMonth().entrySet()) {
          gmv =
              gmv.plus(
                  month.getKey(),
                  gmv.getOrDefault(month.getKey(), Fen.ZERO).plus(month.getValue()));
        }
      }
      // Lines counted one by one before tallies are forgotten as their window passes.
      return new AgencyState(
          gmv,
          countedLines.at(tallied.at()),
          depositPaid,
          everPaid,
          violations,
          incentives,
          requests,
          through);
    }
    if (event instanceof AgencyEvent.GmvBatchCredited batch) {
      AgencyState state = this;
      for (AgencyEvent.GmvCredited credit : batch.credits()) {
        state = state.apply(credit);
      }
      return state;
    }
    if (event instanceof AgencyEvent.GmvCredited e) {
      DedupWindow<Boolean> counted = countedLines;
      for (String lineId : e.lineIds()) {
        counted = counted.plus(lineKey(e.shopId(), e.orderId(), lineId), Boolean.TRUE, e.at());
      }
      Map<String, Fen> gmv =
          Persistent.map(gmvByMonth)
              .plus(e.month(), gmvByMonth.getOrDefault(e.month(), Fen.ZERO).plus(e.amount()));
      return new AgencyState(
          gmv, counted, depositPaid, everPaid, violations, incentives, requests, creditedThrough);
    }
    if (event instanceof AgencyEvent.DepositPaid e) {
      return new AgencyState(
          gmvByMonth,
          countedLines,
          depositPaid.plus(e.amount()),
          true,
          violations,
          incentives,
          remember(e.idempotencyKey(), depositRequest(e.amount()), "", e.at()),
          creditedThrough);
    }
    if (event instanceof AgencyEvent.ViolationRecorded e) {
      return new AgencyState(
          gmvByMonth,
          countedLines,
          depositPaid,
          everPaid,
          Persistent.map(violations)
              .plus(e.violationId(), new Violation(e.violationId(), e.reason(), e.at(), null)),
          incentives,
          remember(e.idempotencyKey(), violationRequest(e.reason()), e.violationId(), e.at()),
          creditedThrough);
    }
    if (event instanceof AgencyEvent.IncentivesAccrued e) {
      return withIncentives(incentives.apply(e));
    }
    if (event instanceof AgencyEvent.IncentivesClawedBack e) {
      return withIncentives(incentives.apply(e));
    }
    if (event instanceof AgencyEvent.RiskFlagCleared e) {
      return withIncentives(incentives.apply(e));
    }
    AgencyEvent.ViolationCleared e = (AgencyEvent.ViolationCleared) event;
    Violation cleared = violations.get(e.violationId()).cleared(e.at());
    return new AgencyState(
        gmvByMonth,
        countedLines,
        depositPaid,
        everPaid,
        Persistent.map(violations).plus(e.violationId(), cleared),
        incentives,
        requests,
        creditedThrough);
  }

  private DedupWindow<AdminRequest> remember(
      String idempotencyKey, String fingerprint, String answer, java.time.Instant at) {
    return idempotencyKey == null
        ? requests
        : requests.plus(idempotencyKey, new AdminRequest(fingerprint, answer), at);
  }

  private AgencyState withIncentives(IncentiveLedger ledger) {
    return new AgencyState(
        gmvByMonth,
        countedLines,
        depositPaid,
        everPaid,
        violations,
        ledger,
        requests,
        creditedThrough);
  }
}

package io.daifa.agency;

import io.daifa.common.CborSerializable;
import io.daifa.common.Persistent;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.settlement.QuarterAccrual;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * An agency's incentives: what it accrued and had clawed back per calendar quarter, its risk flags,
 * and the last settlement page it answered (a settlement resends only the page it was working on
 * when it stopped, so remembering one answer makes every page count once).
 */
public record IncentiveLedger(
    Map<String, QuarterAccrual> accrued,
    Map<String, QuarterAccrual> clawedBack,
    Map<String, RiskFlag> flags,
    Map<String, String> flagIndex,
    AnsweredPage lastPage)
    implements CborSerializable {

  /** A settlement page and the grants answered for it. */
  public record AnsweredPage(String pageId, List<IncentiveLines.Grant> grants)
      implements CborSerializable {}

  public IncentiveLedger {
    accrued = Persistent.map(accrued);
    clawedBack = Persistent.map(clawedBack);
    flags = Persistent.map(flags);
    flagIndex = Persistent.map(flagIndex);
  }

  public static final IncentiveLedger EMPTY =
      new IncentiveLedger(
          HashTreePMap.empty(),
          HashTreePMap.empty(),
          HashTreePMap.empty(),
          HashTreePMap.empty(),
          null);

  public QuarterAccrual accrued(String quarter) {
    return accrued.getOrDefault(quarter, QuarterAccrual.empty(quarter));
  }

  public QuarterAccrual clawedBack(String quarter) {
    return clawedBack.getOrDefault(quarter, QuarterAccrual.empty(quarter));
  }

  /** The grants already answered for {@code pageId}, or null when it is a new page. */
  public List<IncentiveLines.Grant> answered(String pageId) {
    return lastPage != null && lastPage.pageId().equals(pageId) ? lastPage.grants() : null;
  }

  /**
   * Decides a settlement page's incentives, line by line in the order given: a line with an open
   * risk flag (or a pattern found on it for the first time) is held; otherwise an agency not {@code
   * DEPOSIT_COVERED} has it withheld; otherwise it accrues, cut by the quarter's caps.
   */
  public AgencyEvent.IncentivesAccrued decide(
      String agencyId,
      String pageId,
      String quarter,
      Fen cashCap,
      Points pointsCap,
      Standing standing,
      List<IncentiveLines.Due> dues,
      Instant at) {
    QuarterAccrual running = accrued(quarter);
    Map<String, RiskFlag> raised = new LinkedHashMap<>();
    List<IncentiveLines.Grant> grants = new ArrayList<>(dues.size());
    for (IncentiveLines.Due due : dues) {
      String holding = openFlagHolding(due);
      for (RiskKind kind : due.risks()) {
        String key = lineFlagKey(kind, due.key());
        if (!flagIndex.containsKey(key) && !raised.containsKey(key)) {
          String flagId = "flg-" + (flags.size() + raised.size() + 1);
          raised.put(
              key,
              new RiskFlag(
                  flagId,
                  kind,
                  due.shopId(),
                  due.orderId(),
                  due.lineId(),
                  due.buyerId(),
                  at,
                  null));
          holding = holding == null ? flagId : holding;
        }
      }
      if (holding != null) {
        grants.add(grant(due, IncentiveOutcome.HELD, QuarterAccrual.Granted.NOTHING, holding));
      } else if (standing != Standing.DEPOSIT_COVERED) {
        grants.add(grant(due, IncentiveOutcome.WITHHELD, QuarterAccrual.Granted.NOTHING, null));
      } else {
        QuarterAccrual.Granted granted =
            running.grant(due.cash(), due.points(), cashCap, pointsCap);
        running = running.plus(granted);
        grants.add(grant(due, IncentiveOutcome.ACCRUED, granted, null));
      }
    }
    return new AgencyEvent.IncentivesAccrued(
        agencyId, pageId, quarter, standing, grants, List.copyOf(raised.values()), at);
  }

  /** Takes back refunded lines' accruals, flagging the buyers of refunds that came too soon. */
  public AgencyEvent.IncentivesClawedBack clawBack(
      String agencyId, String pageId, String quarter, List<IncentiveLines.Claw> claws, Instant at) {
    Map<String, RiskFlag> raised = new LinkedHashMap<>();
    for (IncentiveLines.Claw claw : claws) {
      String key = buyerFlagKey(claw.buyerId());
      if (claw.flagBuyer() && openFlag(key) == null && !raised.containsKey(key)) {
        String flagId = "flg-" + (flags.size() + raised.size() + 1);
        raised.put(
            key,
            new RiskFlag(
                flagId,
                RiskKind.REFUND_AFTER_SETTLEMENT,
                claw.shopId(),
                claw.orderId(),
                claw.lineId(),
                claw.buyerId(),
                at,
                null));
      }
    }
    return new AgencyEvent.IncentivesClawedBack(
        agencyId, pageId, quarter, claws, List.copyOf(raised.values()), at);
  }

  IncentiveLedger apply(AgencyEvent.IncentivesAccrued e) {
    QuarterAccrual quarter = accrued(e.quarter());
    for (IncentiveLines.Grant grant : e.grants()) {
      quarter = quarter.plus(new QuarterAccrual.Granted(grant.cash(), grant.points()));
    }
    PMap<String, QuarterAccrual> newAccrued = Persistent.map(accrued).plus(e.quarter(), quarter);
    return withFlags(e.raised())
        .with(newAccrued, clawedBack, new AnsweredPage(e.pageId(), e.grants()));
  }

  IncentiveLedger apply(AgencyEvent.IncentivesClawedBack e) {
    QuarterAccrual quarter = clawedBack(e.quarter());
    for (IncentiveLines.Claw claw : e.claws()) {
      quarter = quarter.plus(new QuarterAccrual.Granted(claw.cash(), claw.points()));
    }
    PMap<String, QuarterAccrual> newClawed = Persistent.map(clawedBack).plus(e.quarter(), quarter);
    return withFlags(e.raised()).with(accrued, newClawed, new AnsweredPage(e.pageId(), List.of()));
  }

  IncentiveLedger apply(AgencyEvent.RiskFlagCleared e) {
    RiskFlag cleared = flags.get(e.flagId()).cleared(e.at());
    return new IncentiveLedger(
        accrued, clawedBack, Persistent.map(flags).plus(e.flagId(), cleared), flagIndex, lastPage);
  }

  private IncentiveLedger with(
      Map<String, QuarterAccrual> accrued,
      Map<String, QuarterAccrual> clawedBack,
      AnsweredPage lastPage) {
    return new IncentiveLedger(accrued, clawedBack, flags, flagIndex, lastPage);
  }

  private IncentiveLedger withFlags(List<RiskFlag> raised) {
    PMap<String, RiskFlag> newFlags = Persistent.map(flags);
    PMap<String, String> newIndex = Persistent.map(flagIndex);
    for (RiskFlag flag : raised) {
      newFlags = newFlags.plus(flag.flagId(), flag);
      newIndex =
          newIndex.plus(
              flag.kind() == RiskKind.REFUND_AFTER_SETTLEMENT
                  ? buyerFlagKey(flag.buyerId())
                  : lineFlagKey(
                      flag.kind(),
                      AgencyState.lineKey(flag.shopId(), flag.orderId(), flag.lineId())),
              flag.flagId());
    }
    return new IncentiveLedger(accrued, clawedBack, newFlags, newIndex, lastPage);
  }

  /** The open flag that holds a line: one on the line itself, or a refund flag on its buyer. */
  private String openFlagHolding(IncentiveLines.Due due) {
    for (RiskKind kind : RiskKind.values()) {
      String flagId = openFlag(lineFlagKey(kind, due.key()));
      if (flagId != null) {
        return flagId;
      }
    }
    return openFlag(buyerFlagKey(due.buyerId()));
  }

  private String openFlag(String key) {
    String flagId = flagIndex.get(key);
    return flagId != null && flags.get(flagId).isOpen() ? flagId : null;
  }

  private static IncentiveLines.Grant grant(
      IncentiveLines.Due due,
      IncentiveOutcome outcome,
      QuarterAccrual.Granted granted,
      String flagId) {
    return new IncentiveLines.Grant(
        due.shopId(),
        due.orderId(),
        due.lineId(),
        outcome,
        granted.cash(),
        granted.points(),
        flagId);
  }

  private static String lineFlagKey(RiskKind kind, String lineKey) {
    return kind.name() + "|" + lineKey;
  }

  private static String buyerFlagKey(String buyerId) {
    return "BUYER|" + buyerId;
  }
}

package io.daifa.settlement;

import io.daifa.agency.AgencyEntity;
import io.daifa.agency.AgencyState;
import io.daifa.agency.IncentiveLines;
import io.daifa.agency.IncentiveOutcome;
import io.daifa.agency.RiskKind;
import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.money.Fen;
import io.daifa.money.Points;
import io.daifa.policy.DepositPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one settlement cycle, page by page: read lines from the checkpoint, decide what to do
 * with each ({@link SettlementRules}), store the decisions in the cycle's entity, carry them out
 * (incentives at the agencies, the settled and carried lines in Cassandra), then store the page's
 * figures. Every step is idempotent, so a run that stopped anywhere is completed by running it
 * again.
 */
final class SettlementRun {

  private static final Logger log = LoggerFactory.getLogger(SettlementRun.class);

  /** What a run needs besides the cycle. */
  record Setup(
      ClusterSharding sharding,
      SettlementStore store,
      SettlementRules rules,
      DepositPolicy depositPolicy,
      int pageSize,
      int burstOrders,
      Duration burstWindow,
      Duration askTimeout,
      Clock clock) {}

  private final String cycle;
  private final YearMonth settlementMonth;
  private final Setup setup;
  private final EntityRef<SettlementEntity.Command> entity;
  private final PromotedOrderCounts promotedOrders;

  SettlementRun(YearMonth cycle, YearMonth settlementMonth, Setup setup) {
    this.cycle = cycle.toString();
    this.settlementMonth = settlementMonth;
    this.setup = setup;
    this.entity = setup.sharding().entityRefFor(SettlementEntity.ENTITY_TYPE_KEY, this.cycle);
    this.promotedOrders = new PromotedOrderCounts(setup.store());
  }

  CompletionStage<SettlementState> run() {
    return entity
        .<SettlementState>ask(
            r -> new SettlementEntity.Start(settlementMonth, r), setup.askTimeout())
        .thenCompose(
            state -> {
              if (state.status() == SettlementState.Status.COMPLETED) {
                return CompletableFuture.completedFuture(state);
              }
              log.info("settlement {}: running from {}", cycle, state.checkpoint());
              CompletionStage<Void> pending =
                  state.pending() == null
                      ? CompletableFuture.completedFuture(null)
                      : apply(state.pending());
              return pending.thenCompose(v -> from(state.checkpoint()));
            });
  }

  private CompletionStage<SettlementState> from(Checkpoint checkpoint) {
    if (checkpoint.isDone()) {
      return this.<Outcome<SettlementState>>ask(SettlementEntity.Complete::new)
          .thenApply(
              outcome -> {
                SettlementState done = outcome.orThrow();
                log.info(
                    "settlement {}: completed, {} lines settled",
                    cycle,
                    done.totals().settledLines());
                return done;
              });
    }
    return setup
        .store()
        .page(cycle, checkpoint, setup.pageSize())
        .thenCompose(rows -> decide(checkpoint, rows))
        .thenCompose(
            page ->
                this.<Outcome<Ack>>ask(r -> new SettlementEntity.Decide(page, r))
                    .thenCompose(
                        outcome -> {
                          outcome.orThrow();
                          return apply(page);
                        })
                    .thenCompose(v -> from(page.next())));
  }

  private CompletionStage<SettlementPage> decide(Checkpoint from, List<WorkRow> rows) {
    Checkpoint next =
        rows.size() < setup.pageSize() ? from.nextBucket() : from.after(rows.get(rows.size() - 1));
    String pageId = from.pageId(cycle);
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(new SettlementPage(pageId, from, next, List.of()));
    }
    CompletionStage<List<LineDecision>> decisions =
        from.phase() == Checkpoint.Phase.CLAIMS ? claims(rows) : lines(from.phase(), rows);
    return decisions.thenApply(list -> new SettlementPage(pageId, from, next, list));
  }

  private CompletionStage<List<LineDecision>> lines(Checkpoint.Phase phase, List<WorkRow> rows) {
    Set<String> orderIds = new LinkedHashSet<>();
    rows.forEach(row -> orderIds.add(row.orderId()));
    return setup
        .store()
        .facts(orderIds)
        .thenCompose(
            facts ->
                risks(facts, rows)
                    .thenApply(
                        risks -> {
                          List<LineDecision> decisions = new ArrayList<>(rows.size());
                          for (WorkRow row : rows) {
                            String key = lineKey(row);
                            LineFacts line = facts.get(key);
                            List<RiskKind> found = risks.getOrDefault(key, List.of());
                            boolean carried = phase == Checkpoint.Phase.CARRIED;
                            if (line == null || line.status() == null) {
                              // Not on the read side yet: keep it for the next run.
                              decisions.add(
                                  LineDecision.bare(
                                      LineDecision.Kind.DEFER,
                                      row.orderId(),
                                      row.shopId(),
                                      row.lineId(),
                                      carried));
                            } else if (SettlementStore.HELD.equals(row.carriedAs())) {
                              decisions.add(setup.rules().held(line, found));
                            } else {
                              decisions.add(setup.rules().received(line, carried, found));
                            }
                          }
                          return decisions;
                        }));
  }

  /**
   * Risk patterns on the promoted lines (SPEC §10): no tracking number, or a burst of orders from
   * the buyer to the agency around the order's payment.
   */
  private CompletionStage<Map<String, List<RiskKind>>> risks(
      Map<String, LineFacts> facts, List<WorkRow> rows) {
    Map<String, CompletableFuture<Boolean>> burstByOrder = new HashMap<>();
    for (WorkRow row : rows) {
      LineFacts line = facts.get(lineKey(row));
      if (line != null && line.agencyId() != null && line.buyerId() != null) {
        burstByOrder.computeIfAbsent(
            line.shopId() + "/" + line.orderId(),
            id ->
                promotedOrders
                    .count(
                        line.agencyId(),
                        line.buyerId(),
                        line.paidAt().minus(setup.burstWindow()),
                        line.paidAt().plus(setup.burstWindow()))
                    .thenApply(count -> count >= setup.burstOrders())
                    .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(burstByOrder.values().toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              Map<String, List<RiskKind>> risks = new HashMap<>();
              for (WorkRow row : rows) {
                String key = lineKey(row);
                LineFacts line = facts.get(key);
                if (line == null || line.agencyId() == null) {
                  continue;
                }
                List<RiskKind> found = new ArrayList<>(2);
                if (line.trackingNo() == null || line.trackingNo().isBlank()) {
                  found.add(RiskKind.NO_TRACKING);
                }
                CompletableFuture<Boolean> burst =
                    burstByOrder.get(line.shopId() + "/" + line.orderId());
                if (burst != null && burst.join()) {
                  found.add(RiskKind.BUYER_BURST);
                }
                risks.put(key, found);
              }
              return risks;
            });
  }

  private CompletionStage<List<LineDecision>> claims(List<WorkRow> rows) {
    List<CompletableFuture<LineDecision>> decisions = new ArrayList<>(rows.size());
    for (WorkRow row : rows) {
      decisions.add(
          setup
              .store()
              .settled(row.orderId(), row.shopId(), row.lineId())
              .thenApply(
                  settled ->
                      setup
                          .rules()
                          .claim(
                              row.orderId(), row.shopId(), row.lineId(), settled, row.refundedAt()))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new))
        .thenApply(all -> decisions.stream().map(CompletableFuture::join).toList());
  }

  /** Carries out a page whose decisions are stored, then stores its figures. */
  private CompletionStage<Void> apply(SettlementPage page) {
    return accrue(page)
        .thenCombine(clawBack(page), (grants, clawed) -> grants)
        .thenCompose(
            grants -> {
              Instant now = setup.clock().instant();
              PageFigures figures = new PageFigures();
              List<CompletableFuture<?>> writes = new ArrayList<>();
              for (LineDecision d : page.decisions()) {
                IncentiveLines.Grant grant =
                    grants.get(AgencyState.lineKey(d.shopId(), d.orderId(), d.lineId()));
                write(d, grant, now, writes);
                figures.add(d, grant);
              }
              return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                  .thenCompose(
                      all ->
                          this.<Outcome<Ack>>ask(
                              r ->
                                  new SettlementEntity.Applied(
                                      page.pageId(),
                                      figures.cycle,
                                      figures.byShop,
                                      figures.byAgency,
                                      r)))
                  .thenAccept(Outcome::orThrow);
            });
  }

  private void write(
      LineDecision d, IncentiveLines.Grant grant, Instant now, List<CompletableFuture<?>> writes) {
    SettlementStore store = setup.store();
    switch (d.kind()) {
      case SETTLE -> {
        writes.add(
            store
                .recordSettled(
                    new SettledLine(
                        d.orderId(),
                        d.shopId(),
                        d.lineId(),
                        cycle,
                        d.agencyId(),
                        d.buyerId(),
                        grant == null ? Fen.ZERO : grant.cash(),
                        grant == null ? Points.ZERO : grant.points(),
                        grant == null ? null : grant.outcome(),
                        now,
                        null,
                        d.commission()))
                .toCompletableFuture());
        writes.add(store.markSettled(d, cycle, now).toCompletableFuture());
        carriedAfterIncentive(d, grant, writes);
      }
      case RETRY_INCENTIVE -> {
        writes.add(
            store
                .updateIncentive(d, grant.cash(), grant.points(), grant.outcome())
                .toCompletableFuture());
        carriedAfterIncentive(d, grant, writes);
      }
      case DEFER ->
          writes.add(store.carry(d, SettlementStore.DEFERRED, cycle).toCompletableFuture());
      case DROP -> {
        if (d.fromCarried()) {
          writes.add(store.uncarry(d).toCompletableFuture());
        }
      }
      case CLAW -> {
        writes.add(store.markClawed(d, cycle).toCompletableFuture());
        writes.add(store.dismissClaim(d).toCompletableFuture());
      }
      case DISMISS_CLAIM -> writes.add(store.dismissClaim(d).toCompletableFuture());
    }
  }

  /** A held incentive keeps (or puts) the line in the carried lines; otherwise it leaves them. */
  private void carriedAfterIncentive(
      LineDecision d, IncentiveLines.Grant grant, List<CompletableFuture<?>> writes) {
    if (grant != null && grant.outcome() == IncentiveOutcome.HELD) {
      writes.add(setup.store().carry(d, SettlementStore.HELD, cycle).toCompletableFuture());
    } else if (d.fromCarried()) {
      writes.add(setup.store().uncarry(d).toCompletableFuture());
    }
  }

  /** One incentive command per agency on the page; the grants keyed by line. */
  private CompletionStage<Map<String, IncentiveLines.Grant>> accrue(SettlementPage page) {
    Map<String, List<IncentiveLines.Due>> byAgency = new LinkedHashMap<>();
    for (LineDecision d : page.decisions()) {
      if (d.asksAgency()) {
        byAgency
            .computeIfAbsent(d.agencyId(), a -> new ArrayList<>())
            .add(
                new IncentiveLines.Due(
                    d.shopId(),
                    d.orderId(),
                    d.lineId(),
                    d.buyerId(),
                    d.cash(),
                    d.points(),
                    d.risks()));
      }
    }
    List<CompletableFuture<IncentiveLines.Grants>> asks = new ArrayList<>();
    byAgency.forEach(
        (agencyId, dues) ->
            asks.add(
                this.<Outcome<IncentiveLines.Grants>>agency(
                        agencyId,
                        r ->
                            new AgencyEntity.AccrueIncentives(
                                page.pageId(),
                                settlementMonth,
                                setup.depositPolicy(),
                                setup.rules().incentives().quarterlyCashCap(),
                                setup.rules().incentives().quarterlyPointsCap(),
                                dues,
                                r))
                    .thenApply(Outcome::orThrow)
                    .toCompletableFuture()));
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              Map<String, IncentiveLines.Grant> grants = new HashMap<>();
              for (CompletableFuture<IncentiveLines.Grants> ask : asks) {
                for (IncentiveLines.Grant grant : ask.join().grants()) {
                  grants.put(
                      AgencyState.lineKey(grant.shopId(), grant.orderId(), grant.lineId()), grant);
                }
              }
              return grants;
            });
  }

  private CompletionStage<Void> clawBack(SettlementPage page) {
    Map<String, List<IncentiveLines.Claw>> byAgency = new LinkedHashMap<>();
    for (LineDecision d : page.decisions()) {
      if (d.kind() == LineDecision.Kind.CLAW && d.agencyId() != null) {
        byAgency
            .computeIfAbsent(d.agencyId(), a -> new ArrayList<>())
            .add(
                new IncentiveLines.Claw(
                    d.shopId(),
                    d.orderId(),
                    d.lineId(),
                    d.buyerId(),
                    d.cash(),
                    d.points(),
                    d.risks().contains(RiskKind.REFUND_AFTER_SETTLEMENT)));
      }
    }
    List<CompletableFuture<?>> asks = new ArrayList<>();
    byAgency.forEach(
        (agencyId, claws) ->
            asks.add(
                this.<Outcome<Ack>>agency(
                        agencyId,
                        r -> new AgencyEntity.ClawBack(page.pageId(), settlementMonth, claws, r))
                    .thenApply(Outcome::orThrow)
                    .toCompletableFuture()));
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new));
  }

  private static String lineKey(WorkRow row) {
    return AgencyState.lineKey(row.shopId(), row.orderId(), row.lineId());
  }

  private <R> CompletionStage<R> agency(
      String agencyId, Function<ActorRef<R>, AgencyEntity.Command> command) {
    return setup
        .sharding()
        .entityRefFor(AgencyEntity.ENTITY_TYPE_KEY, agencyId)
        .ask(command::apply, setup.askTimeout());
  }

  private <R> CompletionStage<R> ask(Function<ActorRef<R>, SettlementEntity.Command> command) {
    return entity.ask(command::apply, setup.askTimeout());
  }
}

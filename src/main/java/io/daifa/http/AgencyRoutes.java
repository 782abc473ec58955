package io.daifa.http;

import io.daifa.account.AccountEntity;
import io.daifa.account.AccountRole;
import io.daifa.agency.AgencyEntity;
import io.daifa.agency.AgencyState;
import io.daifa.agency.RiskFlag;
import io.daifa.common.Ack;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.money.Fen;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.IncentivePolicy;
import io.daifa.policy.PolicyVersions;
import io.daifa.policy.ShanghaiCalendar;
import io.daifa.settlement.QuarterAccrual;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Agencies (API.md): {@code GET /v1/agencies/{id}} (admin or that agency) with GMV, the month's
 * deposit figures and standing; deposits and violations (admin).
 */
final class AgencyRoutes extends RouteSupport {

  /** No single deposit payment is larger than this: 100 million CNY. */
  private static final long MAX_DEPOSIT_FEN = 10_000_000_000L;

  record Deposit(Long amount) {}

  record NewViolation(String reason) {}

  private final DepositPolicies deposits;
  private final PolicyVersions<IncentivePolicy> incentives;
  private final Clock clock;

  AgencyRoutes(
      Authenticator authenticator,
      Entities entities,
      DepositPolicies deposits,
      PolicyVersions<IncentivePolicy> incentives,
      Clock clock) {
    super(authenticator, entities);
    this.deposits = deposits;
    this.incentives = incentives;
    this.clock = clock;
  }

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("agencies").slash(PathMatchers.segment()),
        agencyId ->
            concat(
                pathEnd(
                    () ->
                        get(
                            () ->
                                authorized(
                                    p ->
                                        p.is(Principal.Role.ADMIN)
                                            || p.owns(Principal.Role.AGENCY, agencyId),
                                    p ->
                                        parameterOptional(
                                            "month", month -> view(agencyId, month))))),
                path("deposits", () -> post(() -> idempotentAdmin(key -> deposit(agencyId, key)))),
                pathPrefix(
                    "flags",
                    () ->
                        concat(
                            pathEnd(() -> get(() -> admin(() -> flags(agencyId)))),
                            path(
                                PathMatchers.segment().slash("clear"),
                                flagId ->
                                    post(
                                        () ->
                                            admin(
                                                () ->
                                                    clear(
                                                        agencyId,
                                                        "flagId",
                                                        flagId,
                                                        r ->
                                                            new AgencyEntity.ClearRiskFlag(
                                                                flagId, r))))))),
                pathPrefix(
                    "violations",
                    () ->
                        concat(
                            pathEnd(
                                () ->
                                    post(
                                        () ->
                                            idempotentAdmin(
                                                key -> recordViolation(agencyId, key)))),
                            path(
                                PathMatchers.segment().slash("clear"),
                                violationId ->
                                    post(
                                        () ->
                                            admin(
                                                () ->
                                                    clear(
                                                        agencyId,
                                                        "violationId",
                                                        violationId,
                                                        r ->
                                                            new AgencyEntity.ClearViolation(
                                                                violationId, r)))))))));
  }

  /** An admin call that may carry an {@code Idempotency-Key}. */
  private Route idempotentAdmin(Function<Optional<String>, Route> inner) {
    return admin(() -> optionalHeaderValueByName("Idempotency-Key", inner));
  }

  private Route admin(java.util.function.Supplier<Route> inner) {
    return authorized(p -> p.is(Principal.Role.ADMIN), p -> inner.get());
  }

  private CompletionStage<AccountEntity.Account> known(String agencyId) {
    return entities.requireAccount(
        agencyId,
        AccountRole.AGENCY,
        Problem.of(ErrorCode.NOT_FOUND, "no agency " + agencyId, null));
  }

  private Route view(String agencyId, Optional<String> monthParam) {
    YearMonth month;
    try {
      month =
          monthParam
              .map(YearMonth::parse)
              .orElseGet(() -> ShanghaiCalendar.monthOf(clock.instant()));
    } catch (DateTimeParseException e) {
      return complete(Responses.problem(Problem.invalid("month", "must be a month like 2026-11")));
    }
    return respond(
        known(agencyId)
            .thenCompose(
                account ->
                    entities
                        .<AgencyState>agency(agencyId, AgencyEntity.GetView::new)
                        .thenCombine(
                            deposits.versions(),
                            (state, versions) -> body(account, state, versions, month)))
            .thenApply(body -> Responses.json(200, body)));
  }

  private Map<String, Object> body(
      AccountEntity.Account account,
      AgencyState state,
      PolicyVersions<DepositPolicy> versions,
      YearMonth month) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agencyId", account.accountId());
    body.put("kind", account.kind());
    body.put("month", month.toString());
    Map<String, Long> gmv = new java.util.TreeMap<>();
    state.gmvByMonth().forEach((m, fen) -> gmv.put(m, fen.value()));
    body.put("gmvByMonth", gmv);
    body.put("requiredDeposit", state.required(month, versions).value());
    body.put("paidDeposit", state.depositPaid().value());
    body.put("shortfall", state.shortfall(month, versions).value());
    body.put("standing", state.standing(month, versions).name());
    body.put("zeroDepositEligible", state.zeroDepositEligible());
    body.put(
        "violations",
        state.violations().values().stream()
            .sorted(java.util.Comparator.comparing(v -> v.recordedAt()))
            .map(
                v -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("violationId", v.violationId());
                  row.put("reason", v.reason());
                  row.put("recordedAt", v.recordedAt().toString());
                  row.put("open", v.isOpen());
                  return row;
                })
            .toList());
    IncentivePolicy rule = incentives.inForce(month);
    String quarterName = ShanghaiCalendar.quarterOf(month);
    QuarterAccrual quarter = state.incentives().accrued(quarterName);
    QuarterAccrual clawed = state.incentives().clawedBack(quarterName);
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("quarter", quarter.quarter());
    q.put("cash", quarter.cash().value());
    q.put("points", quarter.points().hundredths());
    q.put("clawedBackCash", clawed.cash().value());
    q.put("clawedBackPoints", clawed.points().hundredths());
    q.put("cashCapRemaining", quarter.cashRemaining(rule.quarterlyCashCap()).value());
    q.put("pointsCapRemaining", quarter.pointsRemaining(rule.quarterlyPointsCap()).hundredths());
    body.put("quarter", q);
    body.put(
        "openRiskFlags",
        state.incentives().flags().values().stream().filter(RiskFlag::isOpen).count());
    return body;
  }

  private Route flags(String agencyId) {
    return respond(
        known(agencyId)
            .thenCompose(a -> entities.<AgencyState>agency(agencyId, AgencyEntity.GetView::new))
            .thenApply(
                state ->
                    Responses.json(
                        200,
                        state.incentives().flags().values().stream()
                            .sorted(Comparator.comparing(RiskFlag::raisedAt))
                            .map(AgencyRoutes::describe)
                            .toList())));
  }

  private static Map<String, Object> describe(RiskFlag flag) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("flagId", flag.flagId());
    row.put("kind", flag.kind().name());
    row.put("shopId", flag.shopId());
    row.put("orderId", flag.orderId());
    row.put("lineId", flag.lineId());
    row.put("buyerId", flag.buyerId());
    row.put("raisedAt", flag.raisedAt().toString());
    row.put("open", flag.isOpen());
    return row;
  }

  /** Clears a violation or a risk flag: {@code idField} names it in the answer. */
  private Route clear(
      String agencyId,
      String idField,
      String id,
      Function<ActorRef<Outcome<Ack>>, AgencyEntity.Command> command) {
    return respond(
        known(agencyId)
            .thenCompose(a -> entities.<Outcome<Ack>>agency(agencyId, command))
            .thenApply(
                o ->
                    Responses.of(
                        o, ack -> Responses.json(200, Map.of(idField, id, "status", "CLEARED")))));
  }

  /** A retry with the same {@code Idempotency-Key} is answered alike and counted once. */
  private Route deposit(String agencyId, Optional<String> idempotencyKey) {
    return body(
        Deposit.class,
        deposit -> {
          String key = idempotencyKey(idempotencyKey);
          long amount = Validation.required("amount", deposit.amount());
          if (amount <= 0 || amount > MAX_DEPOSIT_FEN) {
            return complete(
                Responses.problem(
                    Problem.invalid("amount", "must be 1 to " + MAX_DEPOSIT_FEN + " fen")));
          }
          return respond(
              known(agencyId)
                  .thenCompose(
                      a ->
                          entities.<Outcome<Ack>>agency(
                              agencyId, r -> new AgencyEntity.PayDeposit(Fen.of(amount), key, r)))
                  .thenApply(
                      o ->
                          Responses.of(
                              o,
                              ack ->
                                  Responses.json(
                                      200, Map.of("agencyId", agencyId, "amount", amount)))));
        });
  }

  private Route recordViolation(String agencyId, Optional<String> idempotencyKey) {
    return body(
        NewViolation.class,
        violation -> {
          String key = idempotencyKey(idempotencyKey);
          String reason = Validation.text("reason", violation.reason(), 500);
          return respond(
              known(agencyId)
                  .thenCompose(
                      a ->
                          entities.<Outcome<String>>agency(
                              agencyId, r -> new AgencyEntity.RecordViolation(reason, key, r)))
                  .thenApply(
                      o ->
                          Responses.of(
                              o,
                              id ->
                                  Responses.json(
                                      201, Map.of("violationId", id, "status", "OPEN")))));
        });
  }

  private static String idempotencyKey(Optional<String> header) {
    return header.map(key -> Validation.text("Idempotency-Key", key, 200)).orElse(null);
  }
}

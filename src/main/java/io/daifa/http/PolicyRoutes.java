package io.daifa.http;

import io.daifa.common.Ack;
import io.daifa.common.Outcome;
import io.daifa.money.Fen;
import io.daifa.policy.DepositPolicy;
import io.daifa.policy.DepositPolicyEntity;
import io.daifa.policy.DepositTier;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/policies/deposit-tiers} (every version, oldest first) and {@code POST} of a new
 * version effective from a month that has not begun (admin).
 */
final class PolicyRoutes extends RouteSupport {

  /** A tier table longer than this is a mistake, not a policy. */
  private static final int MAX_TIERS = 50;

  /** No deposit figure beyond 10 billion CNY. */
  private static final long MAX_FEN = 1_000_000_000_000L;

  record TierBody(Long fromGmv, Long topUp) {}

  record NewVersion(String effectiveFrom, Long base, List<TierBody> tiers) {}

  private final DepositPolicies deposits;

  PolicyRoutes(Authenticator authenticator, Entities entities, DepositPolicies deposits) {
    super(authenticator, entities);
    this.deposits = deposits;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1").slash("policies").slash("deposit-tiers"),
        () ->
            authorized(
                p -> p.is(Principal.Role.ADMIN),
                p -> concat(get(this::list), post(() -> body(NewVersion.class, this::add)))));
  }

  private Route list() {
    return respond(
        deposits
            .versions()
            .thenApply(
                versions ->
                    Responses.json(
                        200, versions.all().stream().map(PolicyRoutes::describe).toList())));
  }

  private Route add(NewVersion body) {
    DepositPolicy version = parse(body);
    return respond(
        entities
            .<Outcome<Ack>>depositPolicies(
                r -> new DepositPolicyEntity.AddVersion(version, deposits.fromFile().all(), r))
            .thenApply(o -> Responses.of(o, ack -> Responses.json(201, describe(version)))));
  }

  private static DepositPolicy parse(NewVersion body) {
    String from = Validation.required("effectiveFrom", body.effectiveFrom());
    YearMonth month;
    try {
      month = YearMonth.parse(from);
    } catch (DateTimeParseException e) {
      throw invalid("effectiveFrom", "must be a month like 2026-12");
    }
    long base = amount("base", Validation.required("base", body.base()));
    List<TierBody> tiers = Validation.required("tiers", body.tiers());
    if (tiers.size() > MAX_TIERS) {
      throw invalid("tiers", "must have at most " + MAX_TIERS + " tiers");
    }
    List<DepositTier> parsed = new ArrayList<>();
    for (int i = 0; i < tiers.size(); i++) {
      TierBody tier = Validation.required("tiers[" + i + "]", tiers.get(i));
      long fromGmv = amount("tiers[" + i + "].fromGmv", tier.fromGmv());
      long topUp = amount("tiers[" + i + "].topUp", tier.topUp());
      parsed.add(new DepositTier(Fen.of(fromGmv), Fen.of(topUp)));
    }
    if (parsed.stream().map(DepositTier::fromGmv).distinct().count() != parsed.size()) {
      throw invalid("tiers", "two tiers start at the same GMV");
    }
    return new DepositPolicy(month, Fen.of(base), parsed);
  }

  private static long amount(String field, Long value) {
    long fen = Validation.required(field, value);
    if (fen < 0 || fen > MAX_FEN) {
      throw invalid(field, "must be 0 to " + MAX_FEN + " fen");
    }
    return fen;
  }

  static Map<String, Object> describe(DepositPolicy version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("effectiveFrom", version.effectiveFrom().toString());
    body.put("base", version.base().value());
    body.put(
        "tiers",
        version.tiers().stream()
            .map(t -> Map.of("fromGmv", t.fromGmv().value(), "topUp", t.topUp().value()))
            .toList());
    return body;
  }
}

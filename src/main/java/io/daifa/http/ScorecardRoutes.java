package io.daifa.http;

import io.daifa.account.AccountRole;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.supplier.MonthScore;
import io.daifa.supplier.ScorecardPolicy;
import io.daifa.supplier.SupplierCommand;
import java.time.Clock;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/suppliers/{supplierId}/scorecard?month=}: a supplier's fulfilment in a Shanghai
 * month and its star rating, for any account (shops look before they bind or pick). The figures
 * come from the supplier's entity, counted as its events apply; the rating from {@code
 * conf/scorecard.conf} ({@link ScorecardPolicy}). An ID that is no supplier's is {@code 404}
 * without starting an entity for it.
 */
final class ScorecardRoutes extends RouteSupport {

  private final ScorecardPolicy policy;
  private final Clock clock;

  ScorecardRoutes(
      Authenticator authenticator, Entities entities, ScorecardPolicy policy, Clock clock) {
    super(authenticator, entities);
    this.policy = policy;
    this.clock = clock;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1")
            .slash("suppliers")
            .slash(PathMatchers.segment())
            .slash("scorecard"),
        supplierId ->
            get(
                () ->
                    authenticated(
                        p ->
                            parameterOptional(
                                "month",
                                requested -> {
                                  String month = StatsRoutes.month(requested, clock);
                                  Problem unknown =
                                      Problem.of(
                                          ErrorCode.NOT_FOUND, "no supplier " + supplierId, null);
                                  return respond(
                                      entities
                                          .requireAccount(supplierId, AccountRole.SUPPLIER, unknown)
                                          .thenCompose(
                                              account ->
                                                  entities.<Outcome<MonthScore>>supplier(
                                                      supplierId,
                                                      r ->
                                                          new SupplierCommand.GetScorecard(
                                                              month, r)))
                                          .thenApply(
                                              outcome ->
                                                  Responses.of(
                                                      outcome,
                                                      score ->
                                                          Responses.json(
                                                              200,
                                                              policy.rate(
                                                                  supplierId, month, score)))));
                                }))));
  }
}

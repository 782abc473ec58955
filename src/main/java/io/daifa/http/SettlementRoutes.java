package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.settlement.SettlementReport;
import io.daifa.settlement.SettlementState;
import io.daifa.settlement.Settlements;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Settlements (admin): {@code POST /v1/settlements {cycle}} settles a cycle whose month has ended,
 * answering its summary (200) once it completes, or its progress (202) if it takes longer than
 * {@code daifa.settlement.answer-within}; {@code GET /v1/settlements/{cycle}} the summary, and
 * {@code …/shops.csv} and {@code …/agencies.csv} the exports.
 */
final class SettlementRoutes extends RouteSupport {

  record SettleBody(String cycle) {}

  private final Settlements settlements;
  private final Duration answerWithin;

  SettlementRoutes(
      Authenticator authenticator,
      Entities entities,
      Settlements settlements,
      Duration answerWithin) {
    super(authenticator, entities);
    this.settlements = settlements;
    this.answerWithin = answerWithin;
  }

  Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("settlements"),
        () ->
            authorized(
                p -> p.is(Principal.Role.ADMIN),
                p ->
                    concat(
                        pathEnd(() -> post(() -> body(SettleBody.class, this::settle))),
                        path(
                            PathMatchers.segment(),
                            cycle -> get(() -> withState(cycle, this::summary))),
                        path(
                            PathMatchers.segment().slash("shops.csv"),
                            cycle ->
                                get(
                                    () ->
                                        withState(cycle, s -> csv(SettlementReport.shopsCsv(s))))),
                        path(
                            PathMatchers.segment().slash("agencies.csv"),
                            cycle ->
                                get(
                                    () ->
                                        withState(
                                            cycle, s -> csv(SettlementReport.agenciesCsv(s))))))));
  }

  private Route settle(SettleBody body) {
    YearMonth cycle = cycle("cycle", Validation.required("cycle", body.cycle()));
    CompletableFuture<HttpResponse> finished =
        settlements
            .settle(cycle)
            .toCompletableFuture()
            .thenApply(o -> Responses.of(o, this::summary))
            .exceptionally(
                failure ->
                    Responses.problem(
                        Problem.of(
                            ErrorCode.UNAVAILABLE,
                            "settlement "
                                + cycle
                                + " stopped before it completed; POST it again to resume",
                            null)));
    CompletableFuture<HttpResponse> progress =
        CompletableFuture.supplyAsync(
                () -> cycle,
                CompletableFuture.delayedExecutor(answerWithin.toMillis(), TimeUnit.MILLISECONDS))
            .thenCompose(c -> settlements.state(c))
            .thenApply(state -> Responses.json(202, SettlementReport.summary(state)));
    return respond(finished.applyToEither(progress, response -> response));
  }

  private Route withState(String cycleParam, Function<SettlementState, HttpResponse> answer) {
    YearMonth cycle;
    try {
      cycle = cycle("cycle", cycleParam);
    } catch (Problem.ProblemException e) {
      return complete(Responses.problem(e.problem()));
    }
    CompletionStage<HttpResponse> response =
        settlements
            .state(cycle)
            .thenApply(
                state ->
                    state.status() == SettlementState.Status.NOT_STARTED
                        ? Responses.problem(
                            Problem.of(
                                ErrorCode.NOT_FOUND,
                                "cycle " + cycle + " has not been settled",
                                null))
                        : answer.apply(state));
    return respond(response);
  }

  private HttpResponse summary(SettlementState state) {
    return Responses.json(200, SettlementReport.summary(state));
  }

  private static HttpResponse csv(String body) {
    return HttpResponse.create().withStatus(200).withEntity(ContentTypes.TEXT_CSV_UTF8, body);
  }

  private static YearMonth cycle(String field, String value) {
    try {
      if (value.length() != 7) {
        throw new DateTimeParseException("not yyyy-MM", value, 0);
      }
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, "must be a month like 2026-10");
    }
  }
}

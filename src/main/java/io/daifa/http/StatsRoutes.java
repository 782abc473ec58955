package io.daifa.http;

import io.daifa.common.Outcome;
import io.daifa.policy.ShanghaiCalendar;
import io.daifa.shop.ShopCommand;
import io.daifa.shop.ShopStats;
import io.daifa.supplier.SupplierCommand;
import io.daifa.supplier.SupplierStats;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A shop's and a supplier's figures of a Shanghai month, kept by their entities as orders are
 * routed (API.md, Product market): for that account and the platform.
 */
final class StatsRoutes extends RouteSupport {

  private final Clock clock;

  StatsRoutes(Authenticator authenticator, Entities entities, Clock clock) {
    super(authenticator, entities);
    this.clock = clock;
  }

  Route routes() {
    return concat(
        path(
            PathMatchers.segment("v1").slash("shops").slash(PathMatchers.segment()).slash("stats"),
            shopId ->
                get(
                    () ->
                        authorized(
                            p -> p.is(Principal.Role.ADMIN) || p.owns(Principal.Role.SHOP, shopId),
                            p ->
                                parameterOptional(
                                    "month",
                                    month ->
                                        respond(
                                            entities
                                                .<Outcome<ShopStats>>shop(
                                                    shopId,
                                                    r -> new ShopCommand.GetStats(month(month), r))
                                                .thenApply(
                                                    o ->
                                                        Responses.of(
                                                            o, s -> Responses.json(200, s)))))))),
        path(
            PathMatchers.segment("v1")
                .slash("suppliers")
                .slash(PathMatchers.segment())
                .slash("stats"),
            supplierId ->
                get(
                    () ->
                        authorized(
                            p ->
                                p.is(Principal.Role.ADMIN)
                                    || p.owns(Principal.Role.SUPPLIER, supplierId),
                            p ->
                                parameterOptional(
                                    "month",
                                    month ->
                                        respond(
                                            entities
                                                .<Outcome<SupplierStats>>supplier(
                                                    supplierId,
                                                    r ->
                                                        new SupplierCommand.GetStats(
                                                            month(month), r))
                                                .thenApply(
                                                    o ->
                                                        Responses.of(
                                                            o, s -> Responses.json(200, s)))))))));
  }

  private String month(Optional<String> month) {
    return month(month, clock);
  }

  /** The month asked for ({@code yyyy-MM}), this Shanghai month when none is. */
  static String month(Optional<String> month, Clock clock) {
    if (month.isEmpty()) {
      return ShanghaiCalendar.monthKeyOf(clock.instant());
    }
    try {
      return YearMonth.parse(month.get()).toString();
    } catch (DateTimeParseException e) {
      throw Problem.invalid("month", "must be a month as yyyy-MM").exception();
    }
  }
}

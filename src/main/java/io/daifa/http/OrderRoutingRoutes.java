package io.daifa.http;

import io.daifa.readside.LineRouting;
import io.daifa.readside.OrderLineRow;
import io.daifa.readside.OrderReads;
import io.daifa.routing.RuleKind;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/orders/{orderId}/routing}: for each line of an order, the rule that decided where
 * it went, as recorded when it was routed (never recomputed from today's rules), and each supplier
 * that rejected it on the way. For the ingest account and the order's shop.
 */
final class OrderRoutingRoutes extends RouteSupport {

  record RoutingView(String orderId, String shopId, List<LineRoutingView> lines) {}

  /**
   * {@code rule} is null for a line routed before Daifa recorded decisions; {@code manualReason}
   * only for a line waiting in the manual queue.
   */
  record LineRoutingView(
      String lineId,
      String spuId,
      String skuId,
      String supplierId,
      String status,
      RuleView rule,
      String manualReason,
      List<RejectionView> rejections) {}

  /**
   * {@code setAt}: when the shop set the rule (for a backup, when the line moved to it; for a
   * manual assignment, when it was made); {@code hop}: for a backup, how many suppliers rejected
   * the line before it.
   */
  record RuleView(RuleKind kind, Instant setAt, Integer hop) {}

  record RejectionView(String supplierId, Instant at) {}

  private final OrderReads reads;

  OrderRoutingRoutes(Authenticator authenticator, Entities entities, OrderReads reads) {
    super(authenticator, entities);
    this.reads = reads;
  }

  Route routes() {
    return path(
        PathMatchers.segment("v1").slash("orders").slash(PathMatchers.segment()).slash("routing"),
        orderId -> get(() -> withShop(shopId -> explain(orderId, shopId))));
  }

  private Route explain(String orderId, String named) {
    Validation.id("orderId", orderId);
    return authorized(
        p -> p.is(Principal.Role.INGEST) || p.role() == Principal.Role.SHOP,
        p ->
            respond(
                reads
                    .linesOf(orderId)
                    .thenApply(
                        rows ->
                            OrderScope.answer(
                                orderId,
                                named,
                                rows,
                                row ->
                                    p.is(Principal.Role.INGEST)
                                        || p.accountId().equals(row.shopId()),
                                OrderRoutingRoutes::view))));
  }

  static RoutingView view(String orderId, List<OrderLineRow> rows) {
    List<LineRoutingView> lines =
        rows.stream()
            .sorted(Comparator.comparing(OrderLineRow::lineId))
            .map(OrderRoutingRoutes::line)
            .toList();
    return new RoutingView(orderId, rows.get(0).shopId(), lines);
  }

  private static LineRoutingView line(OrderLineRow row) {
    LineRouting routing = row.routing();
    List<RejectionView> rejections =
        routing.rejections().entrySet().stream()
            .map(e -> new RejectionView(e.getKey(), e.getValue()))
            .sorted(Comparator.comparing(RejectionView::at))
            .toList();
    RuleView rule = null;
    if (routing.rule() != null) {
      RuleKind kind = RuleKind.valueOf(routing.rule());
      rule =
          new RuleView(
              kind, routing.ruleSetAt(), kind == RuleKind.BACKUP ? rejections.size() : null);
    }
    return new LineRoutingView(
        row.lineId(),
        row.spuId(),
        row.skuId(),
        row.supplierId(),
        row.status(),
        rule,
        row.supplierId() == null ? routing.manualReason() : null,
        rejections);
  }
}

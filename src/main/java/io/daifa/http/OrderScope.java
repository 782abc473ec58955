package io.daifa.http;

import io.daifa.common.ErrorCode;
import io.daifa.readside.OrderLineRow;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * Which shop's order a request about a platform order ID means. Order IDs are unique only within a
 * shop, so two shops may send the same one; a request names the shop with {@code ?shopId=}, or
 * leaves it out when only one shop's order carries the ID (the usual case).
 */
final class OrderScope {

  private OrderScope() {}

  /** The optional {@code ?shopId=} of a request, validated. */
  static String shopParam(java.util.Optional<String> shopId) {
    return shopId.map(id -> Validation.id("shopId", id)).orElse(null);
  }

  /**
   * The shop meant among those holding the order ID: {@code named} if given (whether or not it
   * holds it: the caller then finds nothing), the only one otherwise; null when none does.
   *
   * @throws Problem.ProblemException {@code 409 ORDER_ID_AMBIGUOUS} when several shops hold it and
   *     none is named
   */
  static String shopOf(String orderId, String named, Collection<String> holders) {
    if (named != null) {
      return named;
    }
    TreeSet<String> shops = new TreeSet<>(holders);
    if (shops.size() > 1) {
      throw Problem.of(
              ErrorCode.ORDER_ID_AMBIGUOUS,
              "order "
                  + orderId
                  + " is used by "
                  + shops.size()
                  + " shops "
                  + shops
                  + ": name one with ?shopId=",
              "shopId")
          .exception();
    }
    return shops.isEmpty() ? null : shops.first();
  }

  /**
   * The answer to a read of an order: the caller's visible rows of the one shop meant, shown by
   * {@code view}, or {@code 404} when there are none (a caller learns nothing of an order it holds
   * no part of, not even that it exists).
   */
  static HttpResponse answer(
      String orderId,
      String named,
      List<OrderLineRow> rows,
      Predicate<OrderLineRow> visibleToCaller,
      BiFunction<String, List<OrderLineRow>, Object> view) {
    List<OrderLineRow> visible =
        rowsOf(orderId, named, rows.stream().filter(visibleToCaller).toList());
    if (visible.isEmpty()) {
      return Responses.problem(Problem.of(ErrorCode.NOT_FOUND, "no order " + orderId, null));
    }
    return Responses.json(200, view.apply(orderId, visible));
  }

  /** The rows of the one shop meant, by {@link #shopOf}; empty when no shop holds the ID. */
  static List<OrderLineRow> rowsOf(String orderId, String named, List<OrderLineRow> rows) {
    String shopId = shopOf(orderId, named, rows.stream().map(OrderLineRow::shopId).toList());
    return rows.stream().filter(row -> row.shopId().equals(shopId)).toList();
  }
}

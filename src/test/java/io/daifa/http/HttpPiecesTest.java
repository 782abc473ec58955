package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.order.Order;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the HTTP layer: strict JSON, order conversion, failures as problems, the
 * metrics route label.
 */
class HttpPiecesTest {

  private static Problem problemOf(Runnable action) {
    return assertThrows(Problem.ProblemException.class, action::run).problem();
  }

  @Test
  void shouldNameTheFieldOfEveryJsonMistake() {
    record Pair(String name, Integer count) {}
    assertEquals(new Pair("x", 2), Json.read("{\"name\":\"x\",\"count\":2}", Pair.class));
    assertEquals("count", problemOf(() -> Json.read("{\"count\":2.5}", Pair.class)).field());
    assertEquals("count", problemOf(() -> Json.read("{\"count\":\"2\"}", Pair.class)).field());
    assertEquals("name", problemOf(() -> Json.read("{\"name\":7}", Pair.class)).field());
    assertEquals("other", problemOf(() -> Json.read("{\"other\":1}", Pair.class)).field());
    Problem malformed = problemOf(() -> Json.read("{\"name\":", Pair.class));
    assertEquals(400, malformed.status());
    assertEquals("body", malformed.field());
    assertEquals(422, problemOf(() -> Json.read("{} {}", Pair.class)).status(), "trailing tokens");
    Problem duplicate = problemOf(() -> Json.read("{\"name\":\"a\",\"name\":\"b\"}", Pair.class));
    assertEquals(400, duplicate.status(), "a repeated key is malformed JSON");
    assertTrue(duplicate.detail().contains("name"), duplicate.detail());
  }

  @Test
  void shouldConvertAnOrderAndNameMissingLineFields() {
    String line =
        "{\"lineId\":\"1\",\"spuId\":\"spu-1\",\"skuId\":\"s\",\"quantity\":2,\"userPaid\":19800,"
            + "\"paymentSubsidy\":0,\"influencerDiscount\":500,\"platformDiscount\":0,\"feeRateBp\":500}";
    String body =
        "{\"orderId\":\"o-1\",\"shopId\":\"shp_1\",\"buyerId\":\"b\",\"agencyId\":null,"
            + "\"paidAt\":\"2026-11-11T00:00:01+08:00\",\"lines\":["
            + line
            + "]}";
    Order order = Json.read(body, OrderBody.class).toOrder();
    assertEquals("2026-11-10T16:00:01Z", order.paidAt().toString(), "offset times become instants");
    assertEquals(20_300, order.lines().get(0).settlementBase().value());
    String missing = body.replace(",\"platformDiscount\":0", "");
    assertEquals(
        "lines[0].platformDiscount",
        problemOf(() -> Json.read(missing, OrderBody.class).toOrder()).field());
  }

  @Test
  void shouldAnswerStorageFailuresWith503AndBugsWith500() {
    var timedOut =
        Responses.failure(
            new CompletionException(
                new com.datastax.oss.driver.api.core.DriverTimeoutException("PT2S")));
    assertEquals(503, timedOut.status().intValue());
    assertEquals("1", timedOut.getHeader("Retry-After").orElseThrow().value());
    var breakerOpen =
        Responses.failure(
            new org.apache.pekko.pattern.CircuitBreakerOpenException(
                scala.concurrent.duration.Duration.Zero(), "open"));
    assertEquals(503, breakerOpen.status().intValue());
    assertEquals(500, Responses.failure(new IllegalStateException("a bug")).status().intValue());
  }

  @Test
  void shouldLabelRoutesWithoutIds() {
    assertEquals(
        "/v1/shops/{id}/allocation/products/{id}",
        HttpMetrics.route("/v1/shops/shp_abc/allocation/products/spu-7"));
    assertEquals("/v1/orders", HttpMetrics.route("/v1/orders"));
    assertEquals("/", HttpMetrics.route("/"));
    assertEquals("/health", HttpMetrics.route("/health"));
  }
}

package io.daifa.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order reader's fast path against data binding: every body reads to the same order or the same
 * problem, and a plain order does take the fast path.
 */
class OrderBodyReaderTest {

  private static final String LINE =
      "{\"lineId\":\"1\",\"spuId\":\"spu-1\",\"skuId\":\"s\",\"quantity\":2,\"userPaid\":19800,"
          + "\"paymentSubsidy\":0,\"influencerDiscount\":500,\"platformDiscount\":0,"
          + "\"feeRateBp\":500}";

  private static final String ORDER =
      "{\"orderId\":\"o-1\",\"shopId\":\"shp_1\",\"buyerId\":\"b\",\"agencyId\":null,"
          + "\"paidAt\":\"2026-11-11T00:00:01+08:00\",\"lines\":["
          + LINE
          + ","
          + LINE.replace("\"1\"", "\"2\"")
          + "]}";

  /** What data binding makes of {@code json}: the body, or the problem's status and field. */
  private static Object bound(String json) {
    try {
      return Json.read(json, OrderBody.class);
    } catch (Problem.ProblemException e) {
      return e.problem().status() + " " + e.problem().field();
    }
  }

  private static Object fast(String json) {
    try {
      return OrderBodyReader.read(json);
    } catch (Problem.ProblemException e) {
      return e.problem().status() + " " + e.problem().field();
    }
  }

  @Test
  void aPlainOrderTakesTheFastPathAndReadsAsDataBindingReadsIt() {
    OrderBody plain = OrderBodyReader.plain(ORDER);
    assertNotNull(plain);
    assertEquals(Json.read(ORDER, OrderBody.class), plain);
    String spaced = ORDER.replace(",\"", " ,\n \"").replace("\":", "\" : ");
    assertEquals(Json.read(spaced, OrderBody.class), OrderBodyReader.plain(spaced));
    String unicode = ORDER.replace("\"b\"", "\"\\u4e70\\u5bb6 \\\"x\\\"\"");
    assertEquals(Json.read(unicode, OrderBody.class), OrderBodyReader.plain(unicode));
  }

  @Test
  void everythingThatIsNotPlainIsLeftToDataBinding() {
    List<String> odd =
        List.of(
            "",
            " ",
            "null",
            "[]",
            "{}",
            ORDER + " {}",
            ORDER + " x",
            ORDER.replace("\"orderId\":\"o-1\",", "\"orderId\":\"o-1\",\"orderId\":\"o-2\","),
            ORDER.replace("\"quantity\":2,", "\"quantity\":2,\"quantity\":3,"),
            ORDER.replace("\"buyerId\"", "\"buyer\""),
            ORDER.replace("\"quantity\":2", "\"quantity\":2.0"),
            ORDER.replace("\"quantity\":2", "\"quantity\":\"2\""),
            ORDER.replace("\"quantity\":2", "\"quantity\":3000000000"),
            ORDER.replace("\"userPaid\":19800", "\"userPaid\":99999999999999999999"),
            ORDER.replace("\"feeRateBp\":500", "\"feeRateBp\":null"),
            ORDER.replace("\"orderId\":\"o-1\"", "\"orderId\":7"),
            ORDER.replace("\"orderId\":\"o-1\"", "\"orderId\":{}"),
            ORDER.replace("\"2026-11-11T00:00:01+08:00\"", "1731254401"),
            ORDER.replace("2026-11-11T00:00:01+08:00", " 2026-11-11T00:00:01+08:00 "),
            ORDER.replace("2026-11-11T00:00:01+08:00", "2026-11-11T00:00:01"),
            ORDER.replace("2026-11-11T00:00:01+08:00", "2026-11-11T00:00:01Z"),
            ORDER.replace("2026-11-11T00:00:01+08:00", "yesterday"),
            ORDER.replace("\"lines\":[", "\"lines\":null,\"x\":["),
            ORDER.replace("[" + LINE, "[null," + LINE),
            ORDER.replace("\"agencyId\":null", "\"agencyId\":null,\"lines\":[]"),
            ORDER.substring(0, ORDER.length() - 3));
    for (String json : odd) {
      assertEquals(bound(json), fast(json), json);
    }
  }

  @Test
  void randomDamageReadsAsDataBindingReadsIt() {
    Random random = new Random(42);
    String alphabet = "{}[]\":,0123456789-.eE nulltruefalse\\u\u4e70x";
    List<String> damaged = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      StringBuilder json = new StringBuilder(ORDER);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(json.length());
        switch (random.nextInt(3)) {
          case 0 -> json.deleteCharAt(at);
          case 1 -> json.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> json.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      damaged.add(json.toString());
    }
    int plain = 0;
    for (String json : damaged) {
      assertEquals(bound(json), fast(json), json);
      if (OrderBodyReader.plain(json) != null) {
        plain++;
      }
    }
    // Some edits leave a valid order (a changed digit or ID): those take the fast path.
    assertTrue(plain > 50, plain + " of 5,000 damaged bodies were still plain orders");
    assertNull(OrderBodyReader.plain(ORDER.replace("\"b\"", "\"b\",\"b\":\"c\"")));
    String tooManyLines = ORDER.replace(LINE + ",", (LINE + ",").repeat(500));
    assertNull(OrderBodyReader.plain(tooManyLines), "501 lines: left to be refused");
    assertEquals(bound(tooManyLines), fast(tooManyLines));
  }
}

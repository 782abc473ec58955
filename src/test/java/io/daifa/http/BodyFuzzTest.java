package io.daifa.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.daifa.order.OrderValidation;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of what callers send: any bytes as an order body, as an NDJSON line and
 * as the other JSON bodies must end in a value or a problem naming the field, never another
 * exception (which the API would answer 500). {@code JAZZER_FUZZ=1 mvn test -Dtest=BodyFuzzTest}
 * fuzzes; without it, the corpus kept in {@code
 * src/test/resources/io/daifa/http/BodyFuzzTestInputs} runs as a regression test.
 */
class BodyFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void anOrderBodyIsAnOrderOrAProblem(byte[] input) {
    String body = new String(input, StandardCharsets.UTF_8);
    try {
      OrderValidation.check(OrderBodyReader.read(body).toOrder());
    } catch (Problem.ProblemException expected) {
      // a clear 4xx: the only other outcome allowed
    }
    // The fast path reads nothing that data binding would read otherwise.
    OrderBody plain = OrderBodyReader.plain(body);
    if (plain != null && !plain.equals(Json.read(body, OrderBody.class))) {
      throw new AssertionError("read otherwise than data binding: " + body);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void everyOtherBodyIsAValueOrAProblem(byte[] input) {
    String body = new String(input, StandardCharsets.UTF_8);
    for (Class<?> type :
        new Class<?>[] {
          AccountRoutes.NewShop.class,
          AccountRoutes.NewSupplier.class,
          AccountRoutes.NewAgency.class,
          AgencyRoutes.Deposit.class,
          AgencyRoutes.NewViolation.class,
          AfterSaleRoutes.Refund.class,
          AfterSaleRoutes.Dispute.class,
          MarketRoutes.ListingRequest.class,
          MarketRoutes.ListingChangeRequest.class,
          MarketPickRoutes.PickRequest.class,
          AllocationRoutes.ModeRequest.class,
          AllocationRoutes.RouteRequest.class,
          AllocationRoutes.AssignRequest.class,
          OrderRoutes.LogisticsReport.class,
          WebhookRoutes.WebhookRequest.class
        }) {
      try {
        Json.read(body, type);
      } catch (Problem.ProblemException expected) {
        // a clear 4xx
      }
    }
  }
}

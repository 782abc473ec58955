package io.daifa.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.Ack;
import io.daifa.common.Decision;
import io.daifa.common.EntityTestSupport;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each shop request reaches its own decision, and a supplier's notice is recorded once. */
class ShopRequestsTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SHOP = "shp_requests";

  private final TestClock clock = new TestClock(T0);
  private final ShopSetup setup = new ShopSetup(SHOP, clock);
  private final ShopRequests requests =
      new ShopRequests(
          setup,
          new ShopCommands(SHOP, EntityTestSupport.settings(), clock),
          new ShopPicks(SHOP, clock));

  private final ShopState empty =
      ShopState.empty(
          SHOP,
          EntityTestSupport.settings().inviteTtl(),
          EntityTestSupport.settings().dedupWindow());

  @Test
  void requestsAreDecidedByTheirOwnRules() {
    Decision<ShopEvent, Ack> register =
        requests.decide(empty, new ShopCommand.Register("Tea House", null));
    assertInstanceOf(ShopEvent.class, register.event());
    ShopState registered = empty.apply(register.event());

    Decision<ShopEvent, ModeChange> unboundMode =
        requests.decide(
            registered,
            new ShopCommand.SetMode(AllocationMode.WHOLE_SHOP, "sup_x", List.of(), false, null));
    assertNull(unboundMode.event(), "no rule may name a supplier the shop is not bound to");
    assertEquals(
        ErrorCode.NOT_BOUND,
        assertInstanceOf(Outcome.Refused.class, unboundMode.answer()).rejection().code());
  }

  @Test
  void aSupplierNoticeIsRecordedOnce() {
    ShopState registered =
        empty.apply(requests.decide(empty, new ShopCommand.Register("Tea", null)).event());
    ShopCommand.ConfirmBindingApproval approval =
        new ShopCommand.ConfirmBindingApproval("sup_1", "req-1", "notice-1");
    ShopEvent bound = requests.recorded(registered, approval);
    assertInstanceOf(ShopEvent.SupplierBound.class, bound);
    assertNull(requests.recorded(registered.apply(bound), approval), "a resent notice again");
  }

  @Test
  void aMonthsFiguresAreARequestThatStoresNothing() {
    ShopState registered =
        empty.apply(requests.decide(empty, new ShopCommand.Register("Tea", null)).event());
    Decision<ShopEvent, ShopStats> stats =
        requests.decide(registered, new ShopCommand.GetStats("2026-11", null));
    assertNull(stats.event());
    ShopStats month = (ShopStats) assertInstanceOf(Outcome.Done.class, stats.answer()).value();
    assertEquals(SHOP, month.shopId());
    assertEquals("2026-11", month.month());
    assertEquals(0, month.gmv());
  }
}

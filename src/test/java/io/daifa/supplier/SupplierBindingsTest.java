package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.InviteToken;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The supplier's binding decisions, without an actor or a journal. A decision's answer is made
 * before its event is stored, so each is checked against the state the event leads to.
 */
class SupplierBindingsTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SUPPLIER = "sup_bindings";
  private static final String SHOP = "shp_1";

  private final TestClock clock = new TestClock(T0);
  private final SupplierBindings bindings = new SupplierBindings(SUPPLIER, clock);

  private static SupplierState registered(SupplierIdentity identity) {
    return SupplierState.empty(SUPPLIER, Duration.ofHours(72))
        .apply(new SupplierEvent.SupplierRegistered(SUPPLIER, "Tea Co", identity, T0));
  }

  /** Applies the decision's event and checks that its answer is the request as then stored. */
  private static SupplierState stored(
      SupplierState state, Decision<SupplierEvent, BindingRequest> decision) {
    BindingRequest answered = decision.answer().orThrow();
    SupplierState next = state.apply(decision.event());
    assertEquals(next.requests().get(answered.requestId()), answered);
    return next;
  }

  @Test
  void shouldAnswerEachDecisionWithTheRequestAsItsEventStoresIt() {
    SupplierState state = registered(SupplierIdentity.SUPPLIER);
    state = stored(state, bindings.request(state, SHOP, "req_1"));
    Decision<SupplierEvent, BindingRequest> again = bindings.request(state, SHOP, "req_2");
    assertNull(again.event(), "a pending application is answered, not stored again");
    assertEquals("req_1", again.answer().orThrow().requestId());

    state = stored(state, bindings.request(state, "shp_2", "req_2"));
    state = stored(state, bindings.decide(state, "req_1", true));
    state = stored(state, bindings.decide(state, "req_2", false));
    assertEquals(BindingRequest.Status.APPROVED, state.requests().get("req_1").status());
    assertEquals(BindingRequest.Status.REJECTED, state.requests().get("req_2").status());
    assertEquals(1, state.pendingNotices().size(), "only the approval is owed to its shop");

    Decision<SupplierEvent, BindingRequest> repeat = bindings.decide(state, "req_1", true);
    assertNull(repeat.event());
    assertEquals(state.requests().get("req_1"), repeat.answer().orThrow());
    assertEquals(ErrorCode.ILLEGAL_TRANSITION, refusal(bindings.decide(state, "req_2", true)));
    assertEquals(ErrorCode.NOT_FOUND, refusal(bindings.decide(state, "req_9", true)));
  }

  @Test
  void shouldLetOnlyAValidSupplierIdBind() {
    SupplierState merchant = registered(SupplierIdentity.SHOP_MERCHANT);
    assertEquals(ErrorCode.INVALID_SUPPLIER_ID, refusal(bindings.request(merchant, SHOP, "req_1")));
    assertEquals(
        ErrorCode.INVALID_SUPPLIER_ID,
        code(bindings.inviteShop(merchant, InviteToken.issue(SHOP))));

    SupplierState valid = registered(SupplierIdentity.SUPPLIER);
    assertEquals(SHOP, bindings.inviteShop(valid, InviteToken.issue(SHOP)).orThrow());
    assertEquals(ErrorCode.INVITE_UNKNOWN, code(bindings.inviteShop(valid, "no-dot")));
  }

  private static ErrorCode refusal(Decision<SupplierEvent, BindingRequest> decision) {
    assertNull(decision.event(), "a refusal stores nothing");
    return code(decision.answer());
  }

  private static ErrorCode code(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome).rejection().code();
  }
}

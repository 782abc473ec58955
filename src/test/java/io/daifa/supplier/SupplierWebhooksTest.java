package io.daifa.supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The supplier's webhook decisions, without an actor or a journal. */
class SupplierWebhooksTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final String SUPPLIER = "sup_hooks";
  private static final String URL = "https://erp.example.com/hooks";
  private static final String SECRET = "0123456789abcdef-secret";

  private final TestClock clock = new TestClock(T0);
  private final SupplierWebhooks webhooks = new SupplierWebhooks(SUPPLIER, clock);

  private SupplierState registered(SupplierIdentity identity) {
    SupplierState empty = SupplierState.empty(SUPPLIER, Duration.ofHours(72));
    return empty.apply(
        new SupplierCommands(SUPPLIER, clock).register(empty, "Tea Co", identity).event());
  }

  @Test
  void shouldSetReplaceAndRemoveTheEndpointAndTakeARepeatAsARetry() {
    SupplierState state = registered(SupplierIdentity.SUPPLIER);
    assertEquals(ErrorCode.NOT_FOUND, refused(webhooks.get(state)));
    SupplierEvent set = webhooks.set(state, URL, SECRET).event();
    state = state.apply(set);
    assertEquals(URL, state.webhook().url());
    assertEquals(T0, state.webhook().setAt());
    assertEquals("…cret", webhooks.get(state).orThrow().secretHint());
    assertNull(webhooks.set(state, URL, SECRET).event(), "the same endpoint again: nothing new");
    SupplierEvent rotated = webhooks.set(state, URL, SECRET + "-2").event();
    assertInstanceOf(SupplierEvent.WebhookSet.class, rotated, "a new secret is a change");
    state = state.apply(rotated).apply(webhooks.remove(state).event());
    assertNull(state.webhook());
    assertNull(webhooks.remove(state).event(), "nothing to remove");
  }

  @Test
  void shouldTakeARedeliveryRequestOnlyWithAnEndpointSet() {
    SupplierState state = registered(SupplierIdentity.SUPPLIER);
    assertEquals(ErrorCode.NOT_FOUND, refused(webhooks.redeliver(state, 7).answer()));
    state = state.apply(webhooks.set(state, URL, SECRET).event());
    SupplierEvent.WebhookRedeliveryRequested again =
        assertInstanceOf(
            SupplierEvent.WebhookRedeliveryRequested.class, webhooks.redeliver(state, 7).event());
    assertEquals(7, again.deliverySeq());
  }

  @Test
  void shouldRefuseAMerchantAccountOrAnUnregisteredId() {
    for (SupplierState state :
        new SupplierState[] {
          registered(SupplierIdentity.SHOP_MERCHANT), SupplierState.empty(SUPPLIER, Duration.ZERO)
        }) {
      assertEquals(ErrorCode.NOT_FOUND, refused(webhooks.set(state, URL, SECRET).answer()));
      assertNull(webhooks.set(state, URL, SECRET).event());
    }
  }

  private static ErrorCode refused(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Refused.class, outcome).rejection().code();
  }
}

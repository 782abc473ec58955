package io.daifa.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.daifa.common.Decision;
import io.daifa.common.ErrorCode;
import io.daifa.common.Outcome;
import io.daifa.common.TestClock;
import io.daifa.routing.AllocationMode;
import io.daifa.routing.ModeChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shop's decisions about itself and its rules, without an actor or a journal. */
class ShopSetupTest {

  private static final Instant T0 = Instant.parse("2026-11-11T00:00:00Z");
  private static final String SHOP = "shp_setup";

  private final ShopSetup setup = new ShopSetup(SHOP, new TestClock(T0));

  private static ShopState empty() {
    return ShopState.empty(SHOP, Duration.ofDays(7), Duration.ofHours(72));
  }

  private ShopState registeredWith(String supplierId) {
    ShopState state = empty().apply(setup.register(empty(), "Tea").event());
    return state.apply(
        new ShopEvent.SupplierBound(
            SHOP, supplierId, BindingVia.APPLICATION, "req-1", "notice-1", T0));
  }

  private static ErrorCode refusal(Decision<ShopEvent, ?> decision) {
    assertNull(decision.event(), "a refusal stores nothing");
    return assertInstanceOf(Outcome.Refused.class, decision.answer()).rejection().code();
  }

  @Test
  void aShopIsRegisteredOnceAndAnUnknownShopRefusesEverything() {
    ShopState registered = empty().apply(setup.register(empty(), "Tea").event());
    assertNull(setup.register(registered, "Tea").event(), "a repeat stores nothing");
    assertEquals(ErrorCode.NOT_FOUND, refusal(setup.unbind(empty(), "sup_1")));
    assertEquals(
        ErrorCode.NOT_FOUND,
        refusal(setup.setMode(empty(), AllocationMode.NONE, null, List.of(), false)));
    assertEquals(
        ErrorCode.NOT_FOUND,
        refusal(setup.setProductRoute(empty(), "spu-1", null, "sup_1", List.of())));
    assertEquals(ErrorCode.NOT_FOUND, refusal(setup.removeProductRoute(empty(), "spu-1")));
  }

  @Test
  void rulesNameOnlyBoundSuppliersAndTheModesNeverMix() {
    ShopState state = registeredWith("sup_1");
    assertEquals(ErrorCode.NOT_BOUND, refusal(setup.unbind(state, "sup_2")));
    assertEquals(
        ErrorCode.NOT_BOUND,
        refusal(setup.setProductRoute(state, "spu-1", null, "sup_2", List.of())));
    assertEquals(
        ErrorCode.VALIDATION,
        refusal(setup.setMode(state, AllocationMode.WHOLE_SHOP, null, List.of(), false)),
        "whole shop needs its supplier");

    state = state.apply(setup.setProductRoute(state, "spu-1", null, "sup_1", List.of()).event());
    assertEquals(
        ErrorCode.MODE_CONFLICT,
        refusal(setup.setMode(state, AllocationMode.WHOLE_SHOP, "sup_1", List.of(), false)),
        "product routes exist");
    Decision<ShopEvent, ModeChange> switched =
        setup.setMode(state, AllocationMode.WHOLE_SHOP, "sup_1", List.of(), true);
    assertEquals(1, switched.answer().orThrow().droppedProductRoutes());
    state = state.apply(switched.event());
    assertEquals(
        ErrorCode.MODE_CONFLICT,
        refusal(setup.setProductRoute(state, "spu-2", null, "sup_1", List.of())),
        "no product rule in whole-shop mode");
    assertNull(
        setup.removeProductRoute(state, "spu-1").event(), "removing no route stores nothing");
  }
}

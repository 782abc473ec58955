package io.daifa.routing;

import static io.daifa.order.TestOrders.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllocationTableTest {

  private static final AllocationTable BOUND_AB =
      AllocationTable.empty().withSupplierBound("sup_a").withSupplierBound("sup_b");

  private static List<String> reasons(RoutingResult result) {
    return result.manualLines().stream().map(m -> m.reason().name()).toList();
  }

  private static Map<String, List<String>> groups(RoutingResult result) {
    return result.dropshipGroups().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                DropshipGroup::supplierId,
                DropshipGroup::lineIds,
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  @Test
  void shouldQueueEveryLineInNoneMode() {
    RoutingResult result = BOUND_AB.route(order("o-1", "shp_1", "spu-1", "spu-2"));
    assertEquals(List.of(), result.dropshipGroups());
    assertEquals(List.of("SHOP_IN_NONE_MODE", "SHOP_IN_NONE_MODE"), reasons(result));
    assertEquals(List.of("1", "2"), result.manualLineIds());
  }

  @Test
  void shouldSplitAnOrderBySupplierInProductMode() {
    AllocationTable table =
        BOUND_AB
            .withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH)
            .withProductRoute("spu-2", "sup_b", List.of(), Instant.EPOCH);
    assertEquals(AllocationMode.BY_PRODUCT, table.mode(), "the first rule selects BY_PRODUCT");
    RoutingResult result = table.route(order("o-1", "shp_1", "spu-1", "spu-2", "spu-1", "spu-9"));
    assertEquals(Map.of("sup_a", List.of("1", "3"), "sup_b", List.of("2")), groups(result));
    assertEquals(
        List.of("sup_a", "sup_b"),
        result.dropshipGroups().stream().map(DropshipGroup::supplierId).toList(),
        "suppliers appear in the order of their first line");
    assertEquals(List.of("4"), result.manualLineIds());
    assertEquals(List.of("NO_RULE_FOR_SPU"), reasons(result));
  }

  @Test
  void shouldSendEveryLineToTheWholeShopSupplier() {
    AllocationTable table =
        BOUND_AB.withMode(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), Instant.EPOCH);
    RoutingResult result = table.route(order("o-1", "shp_1", "spu-1", "spu-2"));
    assertEquals(Map.of("sup_b", List.of("1", "2")), groups(result));
    assertEquals(List.of(), result.manualLines());
    RoutingResult single = table.route(order("o-2", "shp_1", "spu-3"));
    assertEquals(Map.of("sup_b", List.of("1")), groups(single));
  }

  @Test
  void shouldRefuseAProductRuleInWholeShopModeNamingTheMode() {
    AllocationTable table =
        BOUND_AB.withMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), Instant.EPOCH);
    AllocationRejection rejection =
        table.checkProductRoute("spu-1", "sup_b", List.of()).orElseThrow();
    assertEquals(AllocationRejection.Code.MODE_CONFLICT, rejection.code());
    assertTrue(rejection.detail().contains("WHOLE_SHOP"), rejection.detail());
  }

  @Test
  void shouldRefuseWholeShopWhileProductRulesExistUnlessAskedToDropThem() {
    AllocationTable table = BOUND_AB.withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH);
    AllocationRejection rejection =
        table.checkModeChange(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), false).orElseThrow();
    assertEquals(AllocationRejection.Code.MODE_CONFLICT, rejection.code());
    assertTrue(rejection.detail().contains("BY_PRODUCT"), rejection.detail());
    assertEquals(
        Optional.empty(),
        table.checkModeChange(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), true));
    ModeChange change = table.describeModeChange(AllocationMode.WHOLE_SHOP, "sup_b");
    assertEquals(
        new ModeChange(AllocationMode.BY_PRODUCT, AllocationMode.WHOLE_SHOP, 1, null), change);
    AllocationTable switched =
        table.withMode(AllocationMode.WHOLE_SHOP, "sup_b", List.of(), Instant.EPOCH);
    assertEquals(Map.of(), switched.productRoutes());
    assertEquals("sup_b", switched.wholeShopSupplierId());
  }

  @Test
  void shouldRefuseNoneWhileProductRulesExistUnlessAskedToDropThem() {
    AllocationTable table = BOUND_AB.withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH);
    assertEquals(
        AllocationRejection.Code.MODE_CONFLICT,
        table.checkModeChange(AllocationMode.NONE, null, List.of(), false).orElseThrow().code());
    assertEquals(
        Map.of(),
        table.withMode(AllocationMode.NONE, null, List.of(), Instant.EPOCH).productRoutes());
  }

  @Test
  void shouldSayWhatLeavingWholeShopDoes() {
    AllocationTable table =
        BOUND_AB.withMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), Instant.EPOCH);
    assertEquals(
        Optional.empty(), table.checkModeChange(AllocationMode.BY_PRODUCT, null, List.of(), false));
    assertEquals(
        new ModeChange(AllocationMode.WHOLE_SHOP, AllocationMode.BY_PRODUCT, 0, "sup_a"),
        table.describeModeChange(AllocationMode.BY_PRODUCT, null));
    AllocationTable byProduct =
        table.withMode(AllocationMode.BY_PRODUCT, null, List.of(), Instant.EPOCH);
    assertNull(byProduct.wholeShopSupplierId());
    assertEquals(List.of("NO_RULE_FOR_SPU"), reasons(byProduct.route(order("o", "s", "spu-1"))));
  }

  @Test
  void shouldRefuseUnboundSuppliersEverywhere() {
    assertEquals(
        AllocationRejection.Code.NOT_BOUND,
        BOUND_AB.checkProductRoute("spu-1", "sup_x", List.of()).orElseThrow().code());
    assertEquals(
        AllocationRejection.Code.NOT_BOUND,
        BOUND_AB
            .checkModeChange(AllocationMode.WHOLE_SHOP, "sup_x", List.of(), false)
            .orElseThrow()
            .code());
    assertEquals(
        AllocationRejection.Code.NOT_BOUND,
        BOUND_AB.checkManualAssignment("sup_x").orElseThrow().code());
    assertEquals(
        AllocationRejection.Code.VALIDATION,
        BOUND_AB
            .checkModeChange(AllocationMode.WHOLE_SHOP, null, List.of(), false)
            .orElseThrow()
            .code());
  }

  @Test
  void shouldLetAManualAssignmentBeatTheProductRule() {
    AllocationTable table =
        BOUND_AB
            .withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH)
            .withManualAssignment("o-1", "2", "sup_b", Instant.EPOCH);
    RoutingResult result = table.route(order("o-1", "shp_1", "spu-1", "spu-1"));
    assertEquals(Map.of("sup_a", List.of("1"), "sup_b", List.of("2")), groups(result));
    RoutingResult other = table.route(order("o-2", "shp_1", "spu-1", "spu-1"));
    assertEquals(Map.of("sup_a", List.of("1", "2")), groups(other), "only that order's line");
    Order routed = order("o-1", "shp_1", "spu-1", "spu-1");
    assertEquals(Map.of(), table.withoutManualAssignments(routed).manualAssignments());
  }

  @Test
  void shouldLetAManualAssignmentWorkInNoneMode() {
    AllocationTable table = BOUND_AB.withManualAssignment("o-1", "1", "sup_a", Instant.EPOCH);
    RoutingResult result = table.route(order("o-1", "shp_1", "spu-1"));
    assertEquals(Map.of("sup_a", List.of("1")), groups(result));
  }

  @Test
  void shouldRemoveAnUnboundSupplierFromEveryRule() {
    AllocationTable table =
        BOUND_AB
            .withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH)
            .withProductRoute("spu-2", "sup_b", List.of(), Instant.EPOCH)
            .withManualAssignment("o-9", "1", "sup_a", Instant.EPOCH);
    AllocationTable unbound = table.withSupplierUnbound("sup_a");
    assertEquals(Set.of("spu-2"), unbound.productRoutes().keySet());
    assertEquals("sup_b", unbound.productSupplier("spu-2"));
    assertEquals(Map.of(), unbound.manualAssignments());
    assertTrue(!unbound.isBound("sup_a"));
    RoutingResult result = unbound.route(order("o-1", "shp_1", "spu-1", "spu-2", "spu-3"));
    assertEquals(Map.of("sup_b", List.of("2")), groups(result));
    assertEquals(List.of("SUPPLIER_UNBOUND", "NO_RULE_FOR_SPU"), reasons(result));
    AllocationTable rerouted = unbound.withProductRoute("spu-1", "sup_b", List.of(), Instant.EPOCH);
    assertEquals(Map.of(), rerouted.unboundRoutes());
  }

  @Test
  void shouldPutTheShopBackInNoneWhenTheWholeShopSupplierIsUnbound() {
    AllocationTable table =
        BOUND_AB
            .withMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), Instant.EPOCH)
            .withSupplierUnbound("sup_a");
    assertEquals(AllocationMode.NONE, table.mode());
    assertNull(table.wholeShopSupplierId());
    assertEquals(List.of("SHOP_IN_NONE_MODE"), reasons(table.route(order("o", "s", "spu-1"))));
  }

  @Test
  void shouldKeepTheOriginalTableUnchanged() {
    AllocationTable before = BOUND_AB;
    before.withProductRoute("spu-1", "sup_a", List.of(), Instant.EPOCH);
    assertEquals(AllocationMode.NONE, before.mode());
    assertEquals(Map.of(), before.productRoutes());
    OrderLine line = order("o", "s", "spu-1").lines().get(0);
    assertEquals("spu-1", line.spuId());
  }
}

package io.daifa.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.daifa.money.BasisPoints;
import io.daifa.money.Fen;
import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SKU rules over SPU rules, backups, and the decision each routed line records (issue 15), on the
 * pure table: no actors.
 */
class RoutingRulesTest {

  private static final Instant SPU_SET = Instant.parse("2026-11-01T08:00:00.123456Z");
  private static final Instant SKU_SET = Instant.parse("2026-11-02T09:30:00Z");

  private static final AllocationTable BOUND =
      AllocationTable.empty()
          .withSupplierBound("sup_a")
          .withSupplierBound("sup_b")
          .withSupplierBound("sup_c");

  private static OrderLine line(String lineId, String spuId, String skuId) {
    return new OrderLine(
        lineId, spuId, skuId, 1, Fen.of(9_900), Fen.ZERO, Fen.ZERO, Fen.ZERO, BasisPoints.of(500));
  }

  private static Order order(OrderLine... lines) {
    return new Order("o-1", "shp_1", "buyer-1", null, SPU_SET, List.of(lines));
  }

  /** Each dispatched line's supplier and decision, by line ID. */
  private static Map<String, String> decided(RoutingResult result) {
    Map<String, String> decided = new java.util.TreeMap<>();
    for (DropshipGroup group : result.dropshipGroups()) {
      for (int i = 0; i < group.lines().size(); i++) {
        RouteDecision decision = group.decisions().get(i);
        decided.put(
            group.lines().get(i).lineId(),
            group.supplierId() + " by " + decision.kind() + " set " + decision.setAt());
      }
    }
    return decided;
  }

  @Test
  void aSkuRuleWinsOverItsSpusRuleAndOtherSkusFollowTheSpu() {
    AllocationTable table =
        BOUND
            .withProductRoute("tee", "sup_a", List.of(), SPU_SET)
            .withSkuRoute("tee", "tee-xl", "sup_b", List.of(), SKU_SET);
    assertEquals(AllocationMode.BY_PRODUCT, table.mode());
    RoutingResult result =
        table.route(
            order(
                line("1", "tee", "tee-m"), line("2", "tee", "tee-xl"), line("3", "mug", "mug-1")));
    assertEquals(
        Map.of(
            "1", "sup_a by SPU set " + SPU_SET,
            "2", "sup_b by SKU set " + SKU_SET),
        decided(result));
    assertEquals(List.of("3"), result.manualLineIds(), "no rule for the mug");
    assertEquals(ManualReason.NO_RULE_FOR_SPU, result.manualLines().get(0).reason());

    // A SKU rule alone routes its SKU; the SPU's other SKUs have no rule.
    AllocationTable skuOnly = BOUND.withSkuRoute("tee", "tee-xl", "sup_c", List.of(), SKU_SET);
    RoutingResult alone =
        skuOnly.route(order(line("1", "tee", "tee-m"), line("2", "tee", "tee-xl")));
    assertEquals(Map.of("2", "sup_c by SKU set " + SKU_SET), decided(alone));
    assertEquals(List.of("1"), alone.manualLineIds());

    AllocationTable removed = table.withoutSkuRoute("tee", "tee-xl");
    assertEquals(
        Map.of("2", "sup_a by SPU set " + SPU_SET),
        decided(removed.route(order(line("2", "tee", "tee-xl")))));
    assertSame(removed, removed.withoutSkuRoute("tee", "tee-xl"), "removing nothing is no change");
  }

  @Test
  void wholeShopAndManualAssignmentsRecordTheirOwnDecisions() {
    Instant modeSet = SPU_SET.plusSeconds(60);
    AllocationTable wholeShop =
        BOUND.withMode(AllocationMode.WHOLE_SHOP, "sup_c", List.of("sup_a"), modeSet);
    assertEquals(
        Map.of("1", "sup_c by WHOLE_SHOP set " + modeSet),
        decided(wholeShop.route(order(line("1", "tee", "tee-m")))));
    Instant assigned = modeSet.plusSeconds(5);
    AllocationTable byHand = wholeShop.withManualAssignment("o-1", "1", "sup_b", assigned);
    assertEquals(
        Map.of("1", "sup_b by MANUAL_ASSIGNMENT set " + assigned),
        decided(byHand.route(order(line("1", "tee", "tee-m")))));
  }

  @Test
  void wholeShopModeRefusesSkuRulesAndLeavingByProductDropsThemOnlyWhenAsked() {
    AllocationTable wholeShop = BOUND.withMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), null);
    assertEquals(
        AllocationRejection.Code.MODE_CONFLICT,
        wholeShop.checkProductRoute("tee", "sup_b", List.of()).orElseThrow().code());

    AllocationTable skus = BOUND.withSkuRoute("tee", "tee-xl", "sup_b", List.of(), SKU_SET);
    AllocationRejection conflict =
        skus.checkModeChange(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), false).orElseThrow();
    assertEquals(AllocationRejection.Code.MODE_CONFLICT, conflict.code());
    assertTrue(conflict.detail().contains("1 product and SKU rules"), conflict.detail());
    assertEquals(
        1,
        skus.describeModeChange(AllocationMode.WHOLE_SHOP, "sup_a").droppedProductRoutes(),
        "the SKU rule is dropped with the switch");
    AllocationTable switched = skus.withMode(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), null);
    assertEquals(0, switched.skuRuleCount());
    assertEquals(
        Optional.empty(),
        skus.checkModeChange(AllocationMode.WHOLE_SHOP, "sup_a", List.of(), true));
  }

  @Test
  void backupsMustBeBoundDistinctAndFew() {
    assertEquals(
        AllocationRejection.Code.NOT_BOUND,
        BOUND.checkProductRoute("tee", "sup_a", List.of("sup_z")).orElseThrow().code());
    AllocationRejection itself =
        BOUND.checkProductRoute("tee", "sup_a", List.of("sup_a")).orElseThrow();
    assertEquals(AllocationRejection.Code.VALIDATION, itself.code());
    assertEquals("backups", itself.field());
    assertEquals(
        "backups",
        BOUND.checkProductRoute("tee", "sup_a", List.of("sup_b", "sup_b")).orElseThrow().field());
    AllocationTable many = BOUND;
    for (int i = 0; i < Rule.MAX_BACKUPS + 1; i++) {
      many = many.withSupplierBound("sup_" + i);
    }
    List<String> six = List.of("sup_0", "sup_1", "sup_2", "sup_3", "sup_4", "sup_5");
    assertEquals("backups", many.checkProductRoute("tee", "sup_a", six).orElseThrow().field());
    assertEquals(
        "backups",
        BOUND
            .checkModeChange(AllocationMode.NONE, null, List.of("sup_b"), false)
            .orElseThrow()
            .field(),
        "NONE has no rule to back up");
    assertEquals(
        Optional.empty(), BOUND.checkProductRoute("tee", "sup_a", List.of("sup_c", "sup_b")));
  }

  @Test
  void aRejectedLineGoesToTheNextBoundBackupOfItsRuleUntilTheChainEnds() {
    AllocationTable table =
        BOUND
            .withProductRoute("tee", "sup_a", List.of("sup_b", "sup_c"), SPU_SET)
            .withSkuRoute("tee", "tee-xl", "sup_c", List.of("sup_a"), SKU_SET);
    OrderLine medium = line("1", "tee", "tee-m");
    assertEquals("sup_b", table.backupAfter(medium, "sup_a"));
    assertEquals("sup_c", table.backupAfter(medium, "sup_b"));
    assertNull(table.backupAfter(medium, "sup_c"), "the chain is exhausted");
    assertNull(table.backupAfter(medium, "sup_x"), "not in the chain: assigned by hand");

    OrderLine large = line("2", "tee", "tee-xl");
    assertEquals("sup_a", table.backupAfter(large, "sup_c"), "the SKU rule's own backups");
    assertNull(table.backupAfter(large, "sup_a"));

    // An unbound backup is skipped, and unbinding takes it out of every list.
    AllocationTable withoutB = table.withSupplierUnbound("sup_b");
    assertEquals("sup_c", withoutB.backupAfter(medium, "sup_a"));
    assertEquals(List.of("sup_c"), withoutB.productRoutes().get("tee").backups());
    AllocationTable withoutC = table.withSupplierUnbound("sup_c");
    assertNull(withoutC.skuRule("tee", "tee-xl"), "a SKU rule goes with its supplier");
    assertEquals(
        Map.of("2", "sup_a by SPU set " + SPU_SET),
        decided(withoutC.route(order(large))),
        "its SKU follows the SPU's rule again");
  }

  @Test
  void aRuleReadsFromItsOwnFormAndFromTheBareSupplierIdOfOldSnapshots() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    Rule old = json.readValue("\"sup_a\"", Rule.class);
    assertEquals(new Rule("sup_a", List.of(), null), old);
    AllocationTable legacy =
        new AllocationTable(
            AllocationMode.BY_PRODUCT,
            null,
            Map.of("tee", old),
            Map.of(),
            Map.of(),
            java.util.Set.of("sup_a"));
    assertEquals(
        Map.of("1", "sup_a by SPU set null"), decided(legacy.route(order(line("1", "tee", "m")))));

    Rule rule = Rule.of("sup_a", List.of("sup_b"), RuleKind.SKU, SKU_SET);
    assertEquals(rule, json.readValue(json.writeValueAsString(rule), Rule.class));
  }

  @Test
  void reroutingMovesOnlyLinesARuleSentThatTheRulesNowSendElsewhere() {
    AllocationTable table =
        BOUND
            .withProductRoute("tee", "sup_b", List.of(), SPU_SET)
            .withSkuRoute("tee", "tee-xl", "sup_c", List.of(), SKU_SET)
            .withProductRoute("cap", "sup_a", List.of(), SPU_SET);
    List<Rerouting.OpenLine> open =
        List.of(
            new Rerouting.OpenLine("o-1", "1", "tee", "tee-m", "sup_a", RuleKind.SPU),
            new Rerouting.OpenLine("o-1", "2", "tee", "tee-xl", "sup_a", RuleKind.SPU),
            new Rerouting.OpenLine("o-1", "3", "cap", "cap-1", "sup_a", RuleKind.SPU),
            new Rerouting.OpenLine("o-2", "1", "tee", "tee-m", "sup_a", RuleKind.MANUAL_ASSIGNMENT),
            new Rerouting.OpenLine("o-3", "1", "tee", "tee-m", "sup_c", RuleKind.BACKUP),
            new Rerouting.OpenLine("o-4", "1", "mug", "mug-1", "sup_a", RuleKind.SPU),
            new Rerouting.OpenLine("o-5", "1", "tee", "tee-s", "sup_a", null));
    assertEquals(
        List.of(
            new Rerouting.Move("o-1", "1", "sup_a", "sup_b"),
            new Rerouting.Move("o-1", "2", "sup_a", "sup_c"),
            new Rerouting.Move("o-5", "1", "sup_a", "sup_b")),
        Rerouting.plan(table, open),
        "the cap stays (same supplier), hand and backup choices stay, the mug has no rule now");
  }
}

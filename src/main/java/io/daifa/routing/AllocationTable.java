package io.daifa.routing;

import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A shop's allocation rules (SPEC §3, and the SKU rules and backups of issue 15), immutable: every
 * change returns a new table.
 *
 * <p>Invariants, kept by the {@code check…} methods that guard every change: product and SKU rules
 * exist only in {@code BY_PRODUCT}; a whole-shop rule exists exactly in {@code WHOLE_SHOP}; every
 * rule, backup and manual assignment points at a bound supplier. Callers validate with a {@code
 * check…} method first and apply with the matching {@code with…} method, so that an event handler
 * that applies an already validated change can never fail.
 *
 * @param wholeShopSupplierId the whole-shop rule's supplier, kept beside the rule for snapshots
 *     written before rules had terms
 * @param productRoutes SPU ID to its rule
 * @param unboundRoutes SPUs whose route was removed because its supplier was unbound, kept so that
 *     their lines are queued with reason {@code SUPPLIER_UNBOUND} rather than "no rule"
 * @param manualAssignments line key ({@link #lineKey}) to the rule of a line assigned by hand
 * @param skuRoutes SPU ID to SKU ID to the SKU's rule, which wins over the SPU's
 * @param wholeShopRule the whole-shop rule; null but in {@code WHOLE_SHOP}
 */
public record AllocationTable(
    AllocationMode mode,
    String wholeShopSupplierId,
    Map<String, Rule> productRoutes,
    Map<String, String> unboundRoutes,
    Map<String, Rule> manualAssignments,
    Set<String> boundSuppliers,
    Map<String, Map<String, Rule>> skuRoutes,
    Rule wholeShopRule) {

  private static final AllocationTable EMPTY =
      new AllocationTable(AllocationMode.NONE, null, Map.of(), Map.of(), Map.of(), Set.of());

  public AllocationTable {
    productRoutes = SpuRoutes.copyOf(completed(productRoutes, RuleKind.SPU));
    unboundRoutes = Map.copyOf(unboundRoutes);
    manualAssignments = Map.copyOf(completed(manualAssignments, RuleKind.MANUAL_ASSIGNMENT));
    boundSuppliers = Set.copyOf(boundSuppliers);
    skuRoutes = skuRoutes == null ? Map.of() : copySkuRoutes(skuRoutes);
    if (wholeShopRule == null && wholeShopSupplierId != null) {
      wholeShopRule = new Rule(wholeShopSupplierId, List.of(), null);
    }
    wholeShopRule = wholeShopRule == null ? null : wholeShopRule.completed(RuleKind.WHOLE_SHOP);
    wholeShopSupplierId = wholeShopRule == null ? null : wholeShopRule.supplierId();
  }

  /** A table as snapshots before SKU rules held it: no SKU rules, the whole-shop rule bare. */
  public AllocationTable(
      AllocationMode mode,
      String wholeShopSupplierId,
      Map<String, Rule> productRoutes,
      Map<String, String> unboundRoutes,
      Map<String, Rule> manualAssignments,
      Set<String> boundSuppliers) {
    this(
        mode,
        wholeShopSupplierId,
        productRoutes,
        unboundRoutes,
        manualAssignments,
        boundSuppliers,
        Map.of(),
        null);
  }

  private static Map<String, Rule> completed(Map<String, Rule> rules, RuleKind kind) {
    if (rules instanceof SpuRoutes<Rule> already) {
      return already;
    }
    Map<String, Rule> complete = new HashMap<>(rules.size() * 2);
    rules.forEach((key, rule) -> complete.put(key, rule.completed(kind)));
    return complete;
  }

  private static Map<String, Map<String, Rule>> copySkuRoutes(Map<String, Map<String, Rule>> in) {
    if (in instanceof SpuRoutes<Map<String, Rule>> already) {
      return already;
    }
    Map<String, Map<String, Rule>> copy = new HashMap<>(in.size() * 2);
    in.forEach(
        (spu, skus) -> {
          if (!skus.isEmpty()) {
            copy.put(spu, SpuRoutes.copyOf(completed(skus, RuleKind.SKU)));
          }
        });
    return SpuRoutes.copyOf(copy);
  }

  public static AllocationTable empty() {
    return EMPTY;
  }

  /** The key of one order line in {@link #manualAssignments}. IDs never contain '/'. */
  public static String lineKey(String orderId, String lineId) {
    return orderId + '/' + lineId;
  }

  public boolean isBound(String supplierId) {
    return boundSuppliers.contains(supplierId);
  }

  /** The supplier the SPU is routed to, or null. */
  public String productSupplier(String spuId) {
    Rule rule = productRoutes.get(spuId);
    return rule == null ? null : rule.supplierId();
  }

  /** The SKU's own rule, or null (its lines then follow the SPU's rule). */
  public Rule skuRule(String spuId, String skuId) {
    Map<String, Rule> skus = skuRoutes.get(spuId);
    return skus == null ? null : skus.get(skuId);
  }

  /** How many SKU rules the table holds. */
  public int skuRuleCount() {
    int count = 0;
    for (Map<String, Rule> skus : skuRoutes.values()) {
      count += skus.size();
    }
    return count;
  }

  private AllocationTable with(
      AllocationMode mode,
      Map<String, Rule> productRoutes,
      Map<String, String> unboundRoutes,
      Map<String, Rule> manualAssignments,
      Set<String> boundSuppliers,
      Map<String, Map<String, Rule>> skuRoutes,
      Rule wholeShopRule) {
    return new AllocationTable(
        mode,
        wholeShopRule == null ? null : wholeShopRule.supplierId(),
        productRoutes,
        unboundRoutes,
        manualAssignments,
        boundSuppliers,
        skuRoutes,
        wholeShopRule);
  }

  // ---- binding --------------------------------------------------------------------------------

  public AllocationTable withSupplierBound(String supplierId) {
    Set<String> bound = new HashSet<>(boundSuppliers);
    bound.add(supplierId);
    return with(
        mode, productRoutes, unboundRoutes, manualAssignments, bound, skuRoutes, wholeShopRule);
  }

  /**
   * Removes the supplier from every rule: its product routes (remembered as unbound routes), its
   * SKU rules (their lines follow their SPU's rule again), its manual assignments, its place in
   * every backup list, and its whole-shop designation, which puts the shop back in {@code NONE}.
   */
  public AllocationTable withSupplierUnbound(String supplierId) {
    Set<String> bound = new HashSet<>(boundSuppliers);
    bound.remove(supplierId);
    Map<String, Rule> routes = new HashMap<>();
    Map<String, String> orphaned = new HashMap<>(unboundRoutes);
    productRoutes.forEach(
        (spu, rule) -> {
          if (rule.supplierId().equals(supplierId)) {
            orphaned.put(spu, supplierId);
          } else {
            routes.put(spu, rule.withoutBackup(supplierId));
          }
        });
    Map<String, Map<String, Rule>> skus = new HashMap<>();
    skuRoutes.forEach(
        (spu, rules) -> {
          Map<String, Rule> kept = new HashMap<>();
          rules.forEach(
              (sku, rule) -> {
                if (!rule.supplierId().equals(supplierId)) {
                  kept.put(sku, rule.withoutBackup(supplierId));
                }
              });
          skus.put(spu, kept);
        });
    Map<String, Rule> assignments = new HashMap<>(manualAssignments);
    assignments.values().removeIf(rule -> rule.supplierId().equals(supplierId));
    boolean wasWholeShop = wholeShopRule != null && supplierId.equals(wholeShopSupplierId);
    return with(
        wasWholeShop ? AllocationMode.NONE : mode,
        routes,
        orphaned,
        assignments,
        bound,
        skus,
        wasWholeShop || wholeShopRule == null ? null : wholeShopRule.withoutBackup(supplierId));
  }

  /** Backups must be bound, distinct, other than the rule's supplier, and few. */
  private Optional<AllocationRejection> checkBackups(String supplierId, List<String> backups) {
    if (backups.size() > Rule.MAX_BACKUPS) {
      return Optional.of(
          AllocationRejection.invalid("backups", "at most " + Rule.MAX_BACKUPS + " suppliers"));
    }
    Set<String> seen = new HashSet<>();
    seen.add(supplierId);
    for (String backup : backups) {
      if (backup == null || !seen.add(backup)) {
        return Optional.of(
            AllocationRejection.invalid(
                "backups",
                "each backup must be a different supplier from the rule's and the others"));
      }
      if (!isBound(backup)) {
        return Optional.of(AllocationRejection.notBound(backup));
      }
    }
    return Optional.empty();
  }

  // ---- modes ----------------------------------------------------------------------------------

  /**
   * Validates an explicit mode change. Leaving {@code BY_PRODUCT} while product or SKU rules exist
   * is a conflict unless {@code dropProductRoutes} says to drop them; {@code WHOLE_SHOP} needs a
   * bound supplier, and its backups must be bound too.
   */
  public Optional<AllocationRejection> checkModeChange(
      AllocationMode newMode, String supplierId, List<String> backups, boolean dropProductRoutes) {
    if (newMode == AllocationMode.WHOLE_SHOP) {
      if (supplierId == null) {
        return Optional.of(
            new AllocationRejection(
                AllocationRejection.Code.VALIDATION,
                "WHOLE_SHOP needs a supplierId",
                "supplierId"));
      }
      if (!isBound(supplierId)) {
        return Optional.of(AllocationRejection.notBound(supplierId));
      }
      Optional<AllocationRejection> badBackups = checkBackups(supplierId, backups);
      if (badBackups.isPresent()) {
        return badBackups;
      }
    } else if (!backups.isEmpty()) {
      return Optional.of(
          AllocationRejection.invalid("backups", "are set with a rule; " + newMode + " has none"));
    }
    int rules = productRuleCount();
    if (newMode != AllocationMode.BY_PRODUCT && rules > 0 && !dropProductRoutes) {
      return Optional.of(
          AllocationRejection.modeConflict(
              mode,
              rules
                  + " product and SKU rules exist; set dropProductRoutes to drop them and switch to "
                  + newMode));
    }
    return Optional.empty();
  }

  /** SPU rules and SKU rules together. */
  private int productRuleCount() {
    return productRoutes.size() + skuRuleCount();
  }

  /** What {@link #withMode} will do to the old rules; call after {@link #checkModeChange}. */
  public ModeChange describeModeChange(AllocationMode newMode, String supplierId) {
    int dropped = newMode == AllocationMode.BY_PRODUCT ? 0 : productRuleCount();
    String cleared =
        mode == AllocationMode.WHOLE_SHOP
                && (newMode != AllocationMode.WHOLE_SHOP || !wholeShopSupplierId.equals(supplierId))
            ? wholeShopSupplierId
            : null;
    return new ModeChange(mode, newMode, dropped, cleared);
  }

  public AllocationTable withMode(
      AllocationMode newMode, String supplierId, List<String> backups, Instant at) {
    boolean keepRoutes = newMode == AllocationMode.BY_PRODUCT;
    return with(
        newMode,
        keepRoutes ? productRoutes : Map.of(),
        keepRoutes ? unboundRoutes : Map.of(),
        manualAssignments,
        boundSuppliers,
        keepRoutes ? skuRoutes : Map.of(),
        newMode == AllocationMode.WHOLE_SHOP
            ? Rule.of(supplierId, backups, RuleKind.WHOLE_SHOP, at)
            : null);
  }

  // ---- product and SKU rules ------------------------------------------------------------------

  /**
   * A product or SKU rule is refused in {@code WHOLE_SHOP}, or for a supplier or a backup that is
   * not bound.
   */
  public Optional<AllocationRejection> checkProductRoute(
      String spuId, String supplierId, List<String> backups) {
    if (mode == AllocationMode.WHOLE_SHOP) {
      return Optional.of(
          AllocationRejection.modeConflict(
              mode,
              "product and SKU rules cannot be set while every line goes to "
                  + wholeShopSupplierId
                  + "; change the mode to BY_PRODUCT first"));
    }
    if (!isBound(supplierId)) {
      return Optional.of(AllocationRejection.notBound(supplierId));
    }
    return checkBackups(supplierId, backups);
  }

  /** Routes the SPU; a shop in {@code NONE} moves to {@code BY_PRODUCT} with its first rule. */
  public AllocationTable withProductRoute(
      String spuId, String supplierId, List<String> backups, Instant at) {
    Map<String, Rule> routes = new HashMap<>(productRoutes);
    routes.put(spuId, Rule.of(supplierId, backups, RuleKind.SPU, at));
    Map<String, String> orphaned = unboundRoutes;
    if (orphaned.containsKey(spuId)) {
      orphaned = new HashMap<>(orphaned);
      orphaned.remove(spuId);
    }
    return with(
        AllocationMode.BY_PRODUCT,
        routes,
        orphaned,
        manualAssignments,
        boundSuppliers,
        skuRoutes,
        null);
  }

  public AllocationTable withoutProductRoute(String spuId) {
    if (!productRoutes.containsKey(spuId) && !unboundRoutes.containsKey(spuId)) {
      return this;
    }
    Map<String, Rule> routes = new HashMap<>(productRoutes);
    routes.remove(spuId);
    Map<String, String> orphaned = new HashMap<>(unboundRoutes);
    orphaned.remove(spuId);
    return with(
        mode, routes, orphaned, manualAssignments, boundSuppliers, skuRoutes, wholeShopRule);
  }

  /** Routes one SKU of the SPU, over the SPU's rule; {@code NONE} moves to {@code BY_PRODUCT}. */
  public AllocationTable withSkuRoute(
      String spuId, String skuId, String supplierId, List<String> backups, Instant at) {
    Map<String, Map<String, Rule>> skus = new HashMap<>(skuRoutes);
    Map<String, Rule> ofSpu = new HashMap<>(skuRoutes.getOrDefault(spuId, Map.of()));
    ofSpu.put(skuId, Rule.of(supplierId, backups, RuleKind.SKU, at));
    skus.put(spuId, ofSpu);
    return with(
        AllocationMode.BY_PRODUCT,
        productRoutes,
        unboundRoutes,
        manualAssignments,
        boundSuppliers,
        skus,
        null);
  }

  public AllocationTable withoutSkuRoute(String spuId, String skuId) {
    if (skuRule(spuId, skuId) == null) {
      return this;
    }
    Map<String, Map<String, Rule>> skus = new HashMap<>(skuRoutes);
    Map<String, Rule> ofSpu = new HashMap<>(skuRoutes.get(spuId));
    ofSpu.remove(skuId);
    skus.put(spuId, ofSpu);
    return with(
        mode, productRoutes, unboundRoutes, manualAssignments, boundSuppliers, skus, wholeShopRule);
  }

  // ---- manual assignments ---------------------------------------------------------------------

  public Optional<AllocationRejection> checkManualAssignment(String supplierId) {
    return isBound(supplierId)
        ? Optional.empty()
        : Optional.of(AllocationRejection.notBound(supplierId));
  }

  public AllocationTable withManualAssignment(
      String orderId, String lineId, String supplierId, Instant at) {
    Map<String, Rule> assignments = new HashMap<>(manualAssignments);
    assignments.put(
        lineKey(orderId, lineId), Rule.of(supplierId, List.of(), RuleKind.MANUAL_ASSIGNMENT, at));
    return with(
        mode, productRoutes, unboundRoutes, assignments, boundSuppliers, skuRoutes, wholeShopRule);
  }

  /** Forgets the assignments of an order once it has been routed, keeping the table bounded. */
  public AllocationTable withoutManualAssignments(Order order) {
    if (manualAssignments.isEmpty()) {
      return this;
    }
    Map<String, Rule> assignments = new HashMap<>(manualAssignments);
    for (OrderLine line : order.lines()) {
      assignments.remove(lineKey(order.orderId(), line.lineId()));
    }
    if (assignments.size() == manualAssignments.size()) {
      return this;
    }
    return with(
        mode, productRoutes, unboundRoutes, assignments, boundSuppliers, skuRoutes, wholeShopRule);
  }

  // ---- routing --------------------------------------------------------------------------------

  /**
   * Decides where each line of the order goes: a manual assignment first, then the mode's rule (by
   * product: the SKU's rule over the SPU's). Lines with no bound supplier go to the manual queue
   * with their reason; none is dropped. Each dispatched line carries the decision of its rule.
   */
  public RoutingResult route(Order order) {
    return routeLines(order.orderId(), order.lines());
  }

  /** {@link #route} for some lines of an order: those a supplier gave back, for one. */
  public RoutingResult routeLines(String orderId, List<OrderLine> lines) {
    if (lines.size() == 1) {
      return routeSingle(orderId, lines.get(0));
    }
    List<String> suppliers = new ArrayList<>(2);
    List<List<OrderLine>> groups = new ArrayList<>(2);
    List<List<RouteDecision>> decisions = new ArrayList<>(2);
    List<ManualLine> manual = List.of();
    for (OrderLine line : lines) {
      Rule rule = ruleFor(orderId, line);
      if (rule == null) {
        if (manual.isEmpty()) {
          manual = new ArrayList<>(2);
        }
        manual.add(new ManualLine(line, manualReason(line)));
        continue;
      }
      int index = suppliers.indexOf(rule.supplierId());
      if (index < 0) {
        suppliers.add(rule.supplierId());
        groups.add(new ArrayList<>(lines.size()));
        decisions.add(new ArrayList<>(lines.size()));
        index = suppliers.size() - 1;
      }
      groups.get(index).add(line);
      decisions.get(index).add(rule.decision());
    }
    List<DropshipGroup> dropship = new ArrayList<>(suppliers.size());
    for (int i = 0; i < suppliers.size(); i++) {
      dropship.add(new DropshipGroup(suppliers.get(i), groups.get(i), decisions.get(i)));
    }
    return new RoutingResult(dropship, manual);
  }

  private RoutingResult routeSingle(String orderId, OrderLine line) {
    Rule rule = ruleFor(orderId, line);
    if (rule == null) {
      return new RoutingResult(List.of(), List.of(new ManualLine(line, manualReason(line))));
    }
    return new RoutingResult(
        List.of(new DropshipGroup(rule.supplierId(), List.of(line), List.of(rule.decision()))),
        List.of());
  }

  /** The rule that sends the line to a bound supplier, or null when it needs manual allocation. */
  private Rule ruleFor(String orderId, OrderLine line) {
    if (!manualAssignments.isEmpty()) {
      Rule assigned = manualAssignments.get(lineKey(orderId, line.lineId()));
      if (assigned != null) {
        return assigned;
      }
    }
    return automaticRule(line.spuId(), line.skuId());
  }

  /** The rule of the mode for the line, manual assignments aside; null if none. */
  private Rule automaticRule(String spuId, String skuId) {
    return switch (mode) {
      case NONE -> null;
      case WHOLE_SHOP -> wholeShopRule;
      case BY_PRODUCT -> {
        if (!skuRoutes.isEmpty()) {
          Map<String, Rule> skus = skuRoutes.get(spuId);
          Rule sku = skus == null ? null : skus.get(skuId);
          if (sku != null) {
            yield sku;
          }
        }
        yield productRoutes.get(spuId);
      }
    };
  }

  /**
   * The bound supplier the mode's rule sends a line of this SPU and SKU to now (manual assignments
   * aside), or null when none does.
   */
  public String automaticSupplier(String spuId, String skuId) {
    Rule rule = automaticRule(spuId, skuId);
    return rule == null ? null : rule.supplierId();
  }

  /**
   * The supplier to try after {@code rejectedBy} rejected the line: the next bound supplier after
   * it in the chain of the rule that now applies to the line (its supplier, then its backups). Null
   * when the chain is exhausted, or the rejecting supplier is not in it (the line had been assigned
   * by hand, or the rules changed): the line then waits in the manual queue.
   */
  public String backupAfter(OrderLine line, String rejectedBy) {
    Rule rule = automaticRule(line.spuId(), line.skuId());
    if (rule == null || rule.backups().isEmpty()) {
      return null;
    }
    List<String> chain = rule.chain();
    for (int i = chain.indexOf(rejectedBy) + 1; i > 0 && i < chain.size(); i++) {
      if (isBound(chain.get(i))) {
        return chain.get(i);
      }
    }
    return null;
  }

  private ManualReason manualReason(OrderLine line) {
    return switch (mode) {
      case NONE -> ManualReason.SHOP_IN_NONE_MODE;
      case WHOLE_SHOP -> throw new IllegalStateException("WHOLE_SHOP allocates every line");
      case BY_PRODUCT ->
          unboundRoutes.containsKey(line.spuId())
              ? ManualReason.SUPPLIER_UNBOUND
              : ManualReason.NO_RULE_FOR_SPU;
    };
  }
}

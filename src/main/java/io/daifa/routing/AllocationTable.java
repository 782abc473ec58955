package io.daifa.routing;

import io.daifa.order.Order;
import io.daifa.order.OrderLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A shop's allocation rules (SPEC §3), immutable: every change returns a new table.
 *
 * <p>Invariants, kept by the {@code check…} methods that guard every change: product routes exist
 * only in {@code BY_PRODUCT}; a whole-shop supplier exists exactly in {@code WHOLE_SHOP}; every
 * route and manual assignment points at a bound supplier. Callers validate with a {@code check…}
 * method first and apply with the matching {@code with…} method, so that an event handler that
 * applies an already validated change can never fail.
 *
 * @param unboundRoutes SPUs whose route was removed because its supplier was unbound, kept so that
 *     their lines are queued with reason {@code SUPPLIER_UNBOUND} rather than "no rule"
 * @param manualAssignments line key ({@link #lineKey}) to supplier, for lines assigned by hand
 */
public record AllocationTable(
    AllocationMode mode,
    String wholeShopSupplierId,
    Map<String, String> productRoutes,
    Map<String, String> unboundRoutes,
    Map<String, String> manualAssignments,
    Set<String> boundSuppliers) {

  private static final AllocationTable EMPTY =
      new AllocationTable(AllocationMode.NONE, null, Map.of(), Map.of(), Map.of(), Set.of());

  public AllocationTable {
    productRoutes = SpuRoutes.copyOf(productRoutes);
    unboundRoutes = Map.copyOf(unboundRoutes);
    manualAssignments = Map.copyOf(manualAssignments);
    boundSuppliers = Set.copyOf(boundSuppliers);
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

  // ---- binding --------------------------------------------------------------------------------

  public AllocationTable withSupplierBound(String supplierId) {
    Set<String> bound = new HashSet<>(boundSuppliers);
    bound.add(supplierId);
    return new AllocationTable(
        mode, wholeShopSupplierId, productRoutes, unboundRoutes, manualAssignments, bound);
  }

  /**
   * Removes the supplier from every rule: its product routes (remembered as unbound routes), its
   * manual assignments, and its whole-shop designation, which puts the shop back in {@code NONE}.
   */
  public AllocationTable withSupplierUnbound(String supplierId) {
    Set<String> bound = new HashSet<>(boundSuppliers);
    bound.remove(supplierId);
    Map<String, String> routes = new HashMap<>();
    Map<String, String> orphaned = new HashMap<>(unboundRoutes);
    productRoutes.forEach(
        (spu, supplier) -> {
          if (supplier.equals(supplierId)) {
            orphaned.put(spu, supplier);
          } else {
            routes.put(spu, supplier);
          }
        });
    Map<String, String> assignments = new HashMap<>(manualAssignments);
    assignments.values().removeIf(supplierId::equals);
    boolean wasWholeShop = supplierId.equals(wholeShopSupplierId);
    return new AllocationTable(
        wasWholeShop ? AllocationMode.NONE : mode,
        wasWholeShop ? null : wholeShopSupplierId,
        routes,
        orphaned,
        assignments,
        bound);
  }

  // ---- modes ----------------------------------------------------------------------------------

  /**
   * Validates an explicit mode change. Leaving {@code BY_PRODUCT} while product routes exist is a
   * conflict unless {@code dropProductRoutes} says to drop them; {@code WHOLE_SHOP} needs a bound
   * supplier.
   */
  public Optional<AllocationRejection> checkModeChange(
      AllocationMode newMode, String supplierId, boolean dropProductRoutes) {
    if (newMode == AllocationMode.WHOLE_SHOP) {
      if (supplierId == null) {
        return Optional.of(
            new AllocationRejection(
                AllocationRejection.Code.VALIDATION, "WHOLE_SHOP needs a supplierId"));
      }
      if (!isBound(supplierId)) {
        return Optional.of(AllocationRejection.notBound(supplierId));
      }
    }
    if (newMode != AllocationMode.BY_PRODUCT && !productRoutes.isEmpty() && !dropProductRoutes) {
      return Optional.of(
          AllocationRejection.modeConflict(
              mode,
              productRoutes.size()
                  + " product routes exist; set dropProductRoutes to drop them and switch to "
                  + newMode));
    }
    return Optional.empty();
  }

  /** What {@link #withMode} will do to the old rules; call after {@link #checkModeChange}. */
  public ModeChange describeModeChange(AllocationMode newMode, String supplierId) {
    int dropped = newMode == AllocationMode.BY_PRODUCT ? 0 : productRoutes.size();
    String cleared =
        mode == AllocationMode.WHOLE_SHOP
                && (newMode != AllocationMode.WHOLE_SHOP || !wholeShopSupplierId.equals(supplierId))
            ? wholeShopSupplierId
            : null;
    return new ModeChange(mode, newMode, dropped, cleared);
  }

  public AllocationTable withMode(AllocationMode newMode, String supplierId) {
    boolean keepRoutes = newMode == AllocationMode.BY_PRODUCT;
    return new AllocationTable(
        newMode,
        newMode == AllocationMode.WHOLE_SHOP ? supplierId : null,
        keepRoutes ? productRoutes : Map.of(),
        keepRoutes ? unboundRoutes : Map.of(),
        manualAssignments,
        boundSuppliers);
  }

  // ---- product routes -------------------------------------------------------------------------

  /** A product rule is refused in {@code WHOLE_SHOP}, or for a supplier that is not bound. */
  public Optional<AllocationRejection> checkProductRoute(String spuId, String supplierId) {
    if (mode == AllocationMode.WHOLE_SHOP) {
      return Optional.of(
          AllocationRejection.modeConflict(
              mode,
              "product rules cannot be set while every line goes to "
                  + wholeShopSupplierId
                  + "; change the mode to BY_PRODUCT first"));
    }
    if (!isBound(supplierId)) {
      return Optional.of(AllocationRejection.notBound(supplierId));
    }
    return Optional.empty();
  }

  /** Routes the SPU; a shop in {@code NONE} moves to {@code BY_PRODUCT} with its first rule. */
  public AllocationTable withProductRoute(String spuId, String supplierId) {
    Map<String, String> routes = new HashMap<>(productRoutes);
    routes.put(spuId, supplierId);
    Map<String, String> orphaned = unboundRoutes;
    if (orphaned.containsKey(spuId)) {
      orphaned = new HashMap<>(orphaned);
      orphaned.remove(spuId);
    }
    return new AllocationTable(
        AllocationMode.BY_PRODUCT, null, routes, orphaned, manualAssignments, boundSuppliers);
  }

  public AllocationTable withoutProductRoute(String spuId) {
    if (!productRoutes.containsKey(spuId) && !unboundRoutes.containsKey(spuId)) {
      return this;
    }
    Map<String, String> routes = new HashMap<>(productRoutes);
    routes.remove(spuId);
    Map<String, String> orphaned = new HashMap<>(unboundRoutes);
    orphaned.remove(spuId);
    return new AllocationTable(
        mode, wholeShopSupplierId, routes, orphaned, manualAssignments, boundSuppliers);
  }

  // ---- manual assignments ---------------------------------------------------------------------

  public Optional<AllocationRejection> checkManualAssignment(String supplierId) {
    return isBound(supplierId)
        ? Optional.empty()
        : Optional.of(AllocationRejection.notBound(supplierId));
  }

  public AllocationTable withManualAssignment(String orderId, String lineId, String supplierId) {
    Map<String, String> assignments = new HashMap<>(manualAssignments);
    assignments.put(lineKey(orderId, lineId), supplierId);
    return new AllocationTable(
        mode, wholeShopSupplierId, productRoutes, unboundRoutes, assignments, boundSuppliers);
  }

  /** Forgets the assignments of an order once it has been routed, keeping the table bounded. */
  public AllocationTable withoutManualAssignments(Order order) {
    if (manualAssignments.isEmpty()) {
      return this;
    }
    Map<String, String> assignments = new HashMap<>(manualAssignments);
    for (OrderLine line : order.lines()) {
      assignments.remove(lineKey(order.orderId(), line.lineId()));
    }
    if (assignments.size() == manualAssignments.size()) {
      return this;
    }
    return new AllocationTable(
        mode, wholeShopSupplierId, productRoutes, unboundRoutes, assignments, boundSuppliers);
  }

  // ---- routing --------------------------------------------------------------------------------

  /**
   * Decides where each line of the order goes: a manual assignment first, then the mode's rule.
   * Lines with no bound supplier go to the manual queue with their reason; none is dropped.
   */
  public RoutingResult route(Order order) {
    List<OrderLine> lines = order.lines();
    if (lines.size() == 1) {
      return routeSingle(order.orderId(), lines.get(0));
    }
    List<String> suppliers = new ArrayList<>(2);
    List<List<OrderLine>> groups = new ArrayList<>(2);
    List<ManualLine> manual = List.of();
    for (OrderLine line : lines) {
      String supplier = supplierFor(order.orderId(), line);
      if (supplier == null) {
        if (manual.isEmpty()) {
          manual = new ArrayList<>(2);
        }
        manual.add(new ManualLine(line, manualReason(line)));
        continue;
      }
      int index = suppliers.indexOf(supplier);
      if (index < 0) {
        suppliers.add(supplier);
        groups.add(new ArrayList<>(lines.size()));
        index = suppliers.size() - 1;
      }
      groups.get(index).add(line);
    }
    List<DropshipGroup> dropship = new ArrayList<>(suppliers.size());
    for (int i = 0; i < suppliers.size(); i++) {
      dropship.add(new DropshipGroup(suppliers.get(i), groups.get(i)));
    }
    return new RoutingResult(dropship, manual);
  }

  private RoutingResult routeSingle(String orderId, OrderLine line) {
    String supplier = supplierFor(orderId, line);
    if (supplier == null) {
      return new RoutingResult(List.of(), List.of(new ManualLine(line, manualReason(line))));
    }
    return new RoutingResult(List.of(new DropshipGroup(supplier, List.of(line))), List.of());
  }

  /** The bound supplier that must ship the line, or null when it needs manual allocation. */
  private String supplierFor(String orderId, OrderLine line) {
    if (!manualAssignments.isEmpty()) {
      String assigned = manualAssignments.get(lineKey(orderId, line.lineId()));
      if (assigned != null) {
        return assigned;
      }
    }
    return switch (mode) {
      case NONE -> null;
      case WHOLE_SHOP -> wholeShopSupplierId;
      case BY_PRODUCT -> productRoutes.get(line.spuId());
    };
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

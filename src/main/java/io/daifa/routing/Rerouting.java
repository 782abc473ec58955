package io.daifa.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which open lines move when a shop's rules have changed (issue 15): a line its supplier has not
 * accepted yet, sent there by a rule (SPU, SKU or whole shop, or before decisions were recorded),
 * moves when the rules now send it to another bound supplier. A line assigned by hand or taken by a
 * backup stays where the shop's own choice or a rejection put it, and a line no rule sends anywhere
 * now stays with its supplier rather than fall back into the manual queue.
 */
public final class Rerouting {

  private Rerouting() {}

  /** A line at a supplier that has not accepted it, with the kind of rule that sent it there. */
  public record OpenLine(
      String orderId,
      String lineId,
      String spuId,
      String skuId,
      String supplierId,
      RuleKind rule) {}

  /** A line the rules now send elsewhere. */
  public record Move(String orderId, String lineId, String from, String to) {}

  public static List<Move> plan(AllocationTable table, List<OpenLine> lines) {
    List<Move> moves = new ArrayList<>();
    for (OpenLine line : lines) {
      if (!sentByARule(line.rule())) {
        continue;
      }
      String to = table.automaticSupplier(line.spuId(), line.skuId());
      if (to != null && !to.equals(line.supplierId()) && table.isBound(to)) {
        moves.add(new Move(line.orderId(), line.lineId(), line.supplierId(), to));
      }
    }
    return moves;
  }

  private static boolean sentByARule(RuleKind rule) {
    return rule == null
        || rule == RuleKind.SPU
        || rule == RuleKind.SKU
        || rule == RuleKind.WHOLE_SHOP;
  }
}

package io.daifa.settlement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A settlement's summary for the API, and its CSV exports per shop and per agency. */
public final class SettlementReport {

  private SettlementReport() {}

  public static Map<String, Object> summary(SettlementState state) {
    SettlementTotals t = state.totals();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cycle", state.cycle());
    body.put("status", state.status().name());
    body.put("settlementMonth", state.settlementMonth());
    body.put("settledLines", t.settledLines());
    body.put("base", t.base());
    body.put("paymentFee", t.paymentFee());
    body.put("serviceFee", t.serviceFee());
    body.put("shopNet", t.shopNet());
    body.put("cash", t.cash());
    body.put("points", t.points());
    body.put("heldLines", t.heldLines());
    body.put("withheldLines", t.withheldLines());
    body.put("deferredLines", t.deferredLines());
    body.put("clawedLines", t.clawedLines());
    body.put("clawedCash", t.clawedCash());
    body.put("clawedPoints", t.clawedPoints());
    body.put("commission", t.commission());
    body.put("clawedCommission", t.clawedCommission());
    body.put("shops", state.byShop().size());
    body.put("agencies", state.byAgency().size());
    body.put("startedAt", state.startedAt() == null ? null : state.startedAt().toString());
    body.put("completedAt", state.completedAt() == null ? null : state.completedAt().toString());
    if (state.status() == SettlementState.Status.RUNNING) {
      body.put(
          "progress",
          Map.of(
              "phase", state.checkpoint().phase().name(), "bucket", state.checkpoint().bucket()));
    }
    return body;
  }

  /**
   * One row per shop: what it settled, the fees taken from its proceeds, the commission it earned
   * on picked market products and the commission refunds took back.
   */
  public static String shopsCsv(SettlementState state) {
    StringBuilder csv =
        new StringBuilder(
            "cycle,shopId,settledLines,base,paymentFee,serviceFee,net,commission,clawedCommission\n");
    new TreeMap<>(state.byShop())
        .forEach(
            (shopId, t) ->
                row(
                    csv,
                    state.cycle(),
                    cell(shopId),
                    t.settledLines(),
                    t.base(),
                    t.paymentFee(),
                    t.serviceFee(),
                    t.shopNet(),
                    t.commission(),
                    t.clawedCommission()));
    return csv.toString();
  }

  /** One row per agency: its settled lines and what it accrued, had held, withheld, clawed back. */
  public static String agenciesCsv(SettlementState state) {
    StringBuilder csv =
        new StringBuilder(
            "cycle,agencyId,settledLines,base,cash,points,heldLines,withheldLines,clawedLines,"
                + "clawedCash,clawedPoints\n");
    new TreeMap<>(state.byAgency())
        .forEach(
            (agencyId, t) ->
                row(
                    csv,
                    state.cycle(),
                    cell(agencyId),
                    t.settledLines(),
                    t.base(),
                    t.cash(),
                    t.points(),
                    t.heldLines(),
                    t.withheldLines(),
                    t.clawedLines(),
                    t.clawedCash(),
                    t.clawedPoints()));
    return csv.toString();
  }

  private static void row(StringBuilder csv, Object... cells) {
    for (int i = 0; i < cells.length; i++) {
      csv.append(i == 0 ? "" : ",").append(cells[i]);
    }
    csv.append('\n');
  }

  /**
   * IDs are validated, but a cell is escaped anyway: quoted if it could break the row, and prefixed
   * with an apostrophe if a spreadsheet could read it as a formula.
   */
  static String cell(String value) {
    String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    boolean quote = safe.contains(",") || safe.contains("\"") || safe.contains("\n");
    return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
  }
}

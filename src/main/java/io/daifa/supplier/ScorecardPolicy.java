package io.daifa.supplier;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a supplier's month becomes a star rating, as {@code conf/scorecard.conf} sets it (its
 * comments are the formula in words; the README works examples). All arithmetic is in integers:
 * rates in basis points (floored), penalties in hundredths of a star (floored), so that a rating
 * never depends on floating point.
 */
public record ScorecardPolicy(
    int minLines,
    int rejectPerPercent,
    int refundPerPercent,
    int disputePerPercent,
    int acceptHours,
    int lateAcceptPer12h,
    int shipHours,
    int lateShipPer12h,
    int lateDeliveryPer10Percent) {

  public static ScorecardPolicy load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the scorecard file " + file + " does not exist");
    }
    return parse(ConfigFactory.parseFile(file.toFile()).resolve());
  }

  static ScorecardPolicy parse(Config root) {
    Config c = root.getConfig("daifa.scorecard");
    return new ScorecardPolicy(
        c.getInt("min-lines"),
        c.getInt("reject-per-percent"),
        c.getInt("refund-per-percent"),
        c.getInt("dispute-per-percent"),
        c.getInt("accept-hours"),
        c.getInt("late-accept-per-12h"),
        c.getInt("ship-hours"),
        c.getInt("late-ship-per-12h"),
        c.getInt("late-delivery-per-10-percent"));
  }

  /** The month's scorecard: its rates, averages, penalties and stars (none below min-lines). */
  public Scorecard rate(String supplierId, String month, MonthScore m) {
    long rejectBp = bp(m.rejected(), m.dispatched());
    long refundBp = bp(m.refunded(), m.dispatched());
    long disputeBp = bp(m.disputed(), m.dispatched());
    long lateDeliveryBp = bp(m.deliveredLate(), m.delivered());
    Long acceptMinutes = m.accepted() == 0 ? null : m.acceptSeconds() / m.accepted() / 60;
    Long shipMinutes = m.shipped() == 0 ? null : m.shipSeconds() / m.shipped() / 60;
    Scorecard.Penalties penalties =
        new Scorecard.Penalties(
            rejectBp * rejectPerPercent / 100,
            refundBp * refundPerPercent / 100,
            disputeBp * disputePerPercent / 100,
            lateness(m.acceptSeconds(), m.accepted(), acceptHours) * lateAcceptPer12h,
            lateness(m.shipSeconds(), m.shipped(), shipHours) * lateShipPer12h,
            lateDeliveryBp * lateDeliveryPer10Percent / 1_000);
    Double stars = m.dispatched() < minLines ? null : stars(500 - penalties.total());
    return new Scorecard(
        supplierId,
        month,
        m.dispatched(),
        m.accepted(),
        m.shipped(),
        m.delivered(),
        rejectBp,
        refundBp,
        disputeBp,
        m.delivered() == 0 ? null : 10_000 - lateDeliveryBp,
        acceptMinutes,
        shipMinutes,
        penalties,
        stars);
  }

  private static long bp(long part, long whole) {
    return whole == 0 ? 0 : part * 10_000 / whole;
  }

  /** How many 12-hour blocks, or parts of one, the average exceeds {@code allowedHours} by. */
  private static long lateness(long totalSeconds, long lines, int allowedHours) {
    if (lines == 0) {
      return 0;
    }
    long over = totalSeconds / lines - allowedHours * 3_600L;
    return over <= 0 ? 0 : (over + 12 * 3_600L - 1) / (12 * 3_600L);
  }

  /** Hundredths of a star, kept within 1 to 5 stars, to the nearest half star (halves up). */
  private static double stars(long hundredths) {
    long clamped = Math.max(100, Math.min(500, hundredths));
    return ((clamped + 25) / 50) * 50 / 100.0;
  }
}

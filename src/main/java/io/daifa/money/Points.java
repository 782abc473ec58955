package io.daifa.money;

/**
 * Growth-card points in hundredths of a point (API.md: "Points: integer hundredths of a point"),
 * with overflow-checked arithmetic like {@link Fen}.
 */
public record Points(long hundredths) implements Comparable<Points> {

  public static final Points ZERO = new Points(0);

  public static Points of(long hundredths) {
    return new Points(hundredths);
  }

  public static Points whole(long points) {
    return new Points(Math.multiplyExact(points, 100L));
  }

  public Points plus(Points other) {
    return new Points(Math.addExact(hundredths, other.hundredths));
  }

  public Points minus(Points other) {
    return new Points(Math.subtractExact(hundredths, other.hundredths));
  }

  public Points min(Points other) {
    return hundredths <= other.hundredths ? this : other;
  }

  public Points max(Points other) {
    return hundredths >= other.hundredths ? this : other;
  }

  @Override
  public int compareTo(Points other) {
    return Long.compare(hundredths, other.hundredths);
  }

  @Override
  public String toString() {
    long abs = Math.abs(hundredths);
    return (hundredths < 0 ? "-" : "") + abs / 100 + "." + String.format("%02d", abs % 100) + " pt";
  }
}

package io.daifa.policy;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The versions of one policy, each in force from its effective month until the next one's. A figure
 * for a month always uses the version in force in that month, so adding a version for a later month
 * never changes an earlier month's figure.
 */
public final class PolicyVersions<P> {

  private final NavigableMap<YearMonth, P> byMonth;
  private final Function<P, YearMonth> effectiveFrom;

  private PolicyVersions(NavigableMap<YearMonth, P> byMonth, Function<P, YearMonth> effectiveFrom) {
    this.byMonth = byMonth;
    this.effectiveFrom = effectiveFrom;
  }

  public static <P> PolicyVersions<P> of(List<P> versions, Function<P, YearMonth> effectiveFrom) {
    PolicyVersions<P> result = new PolicyVersions<>(new TreeMap<>(), effectiveFrom);
    for (P version : versions) {
      result = result.with(version);
    }
    return result;
  }

  /** A copy with {@code version} added; two versions may not start in the same month. */
  public PolicyVersions<P> with(P version) {
    YearMonth from = effectiveFrom.apply(version);
    if (byMonth.containsKey(from)) {
      throw new IllegalArgumentException("a version is already in force from " + from);
    }
    TreeMap<YearMonth, P> copy = new TreeMap<>(byMonth);
    copy.put(from, version);
    return new PolicyVersions<>(copy, effectiveFrom);
  }

  /** The version in force in {@code month}; refused before the first version. */
  public P inForce(YearMonth month) {
    Map.Entry<YearMonth, P> entry = byMonth.floorEntry(month);
    if (entry == null) {
      throw new IllegalArgumentException("no version is in force in " + month);
    }
    return entry.getValue();
  }

  /** Every version, oldest first. */
  public List<P> all() {
    return List.copyOf(byMonth.values());
  }

  /** The month the newest version starts in. */
  public YearMonth latestStart() {
    return byMonth.lastKey();
  }
}

package io.daifa.readside;

import java.time.Instant;
import java.util.Map;

/**
 * How a line was routed, as the read side recorded it when it was: the kind of the rule that
 * decided it ({@link io.daifa.routing.RuleKind}'s name; null on lines routed before decisions were
 * recorded) and when the shop set that rule, the reason a queued line waits, and the suppliers that
 * rejected the line, with the time of each rejection.
 */
public record LineRouting(
    String rule, Instant ruleSetAt, String manualReason, Map<String, Instant> rejections) {

  public LineRouting {
    rejections = rejections == null ? Map.of() : Map.copyOf(rejections);
  }
}

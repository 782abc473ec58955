package io.daifa.routing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The rule that decided where a line went, as it stood when the line was routed: its kind and when
 * the shop set it ({@code setAt} is null for rules set before Daifa recorded their time). A table
 * holds one instance per rule, so that routing a line refers to it without allocating; the time is
 * kept to the microsecond, the precision of every stamp in the journal.
 */
public record RouteDecision(RuleKind kind, Instant setAt) {

  public RouteDecision {
    Objects.requireNonNull(kind, "kind");
    setAt = setAt == null ? null : setAt.truncatedTo(ChronoUnit.MICROS);
  }
}

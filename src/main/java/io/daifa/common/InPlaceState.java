package io.daifa.common;

import java.util.function.UnaryOperator;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * An entity's state that its event handler changes in place (DESIGN.md, house style 3), kept safe
 * from the two places where Pekko would otherwise see it change under it:
 *
 * <ul>
 *   <li>Pekko keeps the one empty state it was given for every recovery of the entity, including
 *       the one after a failed write, and applies an event before the journal confirms it. So each
 *       run applies its first event to a copy of the empty state: otherwise a restarted entity
 *       would remember what a failed write held (a shop would answer a resend of its orders as
 *       stored) and replay its journal onto what it had before.
 *   <li>A snapshot is written while the entity goes on; it is a copy.
 * </ul>
 *
 * Also reports recovery progress to the entity's {@link RecoveryTimer}. Used on the entity's thread
 * only.
 */
public final class InPlaceState<S> {

  private final UnaryOperator<S> copy;
  private final RecoveryTimer recovery;
  private S pristine;

  public InPlaceState(UnaryOperator<S> copy, RecoveryTimer recovery) {
    this.copy = copy;
    this.recovery = recovery;
  }

  /** From {@code emptyState}: the empty state given to Pekko, which is never changed. */
  public S empty(S empty) {
    recovery.began();
    pristine = empty;
    return empty;
  }

  /** From the event handler: the state to apply the event to. */
  public S toApply(S state) {
    recovery.applying();
    return state == pristine ? copy.apply(state) : state;
  }

  /** Snapshots of copies; a snapshot read back is reported to the recovery timer. */
  public SnapshotAdapter<S> snapshots(Class<S> type) {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(S state) {
        return copy.apply(state);
      }

      @Override
      public S fromJournal(Object from) {
        recovery.snapshotLoaded();
        return type.cast(from);
      }
    };
  }
}

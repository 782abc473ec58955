package io.daifa.common;

import org.slf4j.Logger;

/**
 * Times an entity's recovery, reports it to the node's {@link Recoveries}, and logs it when slow:
 * how long until the snapshot was handed over and how many events were replayed after it, the two
 * costs a restart pays before the entity answers again. One per entity incarnation; called on the
 * entity's thread only.
 */
public final class RecoveryTimer {

  private static final long SLOW_MILLIS = 1_000;

  private final Recoveries recoveries;
  private final String entity;
  private long startedAt;
  private long snapshotAt;
  private long replayed;
  private boolean recovering;

  /** {@code entity} names it in the log, and in {@link Recoveries}: one recovery per entity. */
  public RecoveryTimer(Recoveries recoveries, String entity) {
    this.recoveries = recoveries;
    this.entity = entity;
  }

  /**
   * From the entity's {@code emptyState}, which Pekko calls when the entity starts running: not
   * from its constructor, as a behavior can be built and never started. A later incarnation of the
   * same entity replaces the earlier one's recovery, so one that vanished without a signal (a
   * restart during recovery) cannot hold the read side back.
   */
  public void began() {
    startedAt = System.nanoTime();
    recovering = true;
    recoveries.began(entity);
  }

  /** From the snapshot adapter: recovery was handed a snapshot. */
  public void snapshotLoaded() {
    snapshotAt = System.nanoTime();
  }

  /** From the event handler: counts the event if it is replayed, not newly persisted. */
  public void applying() {
    if (recovering) {
      replayed++;
    }
  }

  /** On {@code RecoveryCompleted}: logs the recovery if it took a second or more. */
  public void completed(Logger log, String detail) {
    ended();
    long millis = (System.nanoTime() - startedAt) / 1_000_000;
    if (millis < SLOW_MILLIS) {
      return;
    }
    log.info(
        "{} recovered in {} ms ({}; snapshot loaded after {}, then {} events replayed)",
        entity,
        millis,
        detail,
        snapshotAt == 0 ? "none" : (snapshotAt - startedAt) / 1_000_000 + " ms",
        replayed);
  }

  /**
   * On {@code PostStop}: the recovery, if still running, is over. Not on {@code RecoveryFailed}:
   * the entity then tries again after a backoff, in the same instance, still recovering.
   */
  public void ended() {
    recovering = false;
    recoveries.ended(entity);
  }
}

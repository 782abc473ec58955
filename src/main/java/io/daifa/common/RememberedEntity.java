package io.daifa.common;

import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring a shop and a supplier share as {@link RememberedEntities remembered} event-sourced
 * entities: state changed in place ({@link InPlaceState}), recovery timed and logged ({@link
 * RecoveryTimer}), a journal chosen by configuration, and leaving when idle only once they owe
 * nothing ({@link IdlePassivation}). A subclass says what an event does to its state, what it does
 * once recovered, and how it handles commands.
 *
 * @param <C> commands
 * @param <E> events
 * @param <S> state
 */
public abstract class RememberedEntity<C, E, S>
    extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String journal;
  private final Class<S> stateType;
  private final RecoveryTimer recovery;
  private final InPlaceState<S> inPlace;
  private final IdlePassivation<C> passivation;
  private final C redeliver;

  /**
   * @param name how the recovery log names this entity ("shop shp_…")
   * @param copy copies the state for snapshots and readers
   * @param redeliver the command that delivers what it owes: sent to it through sharding when it
   *     stops after asking to leave but owes something again ({@link IdlePassivation#beforeStop})
   */
  protected RememberedEntity(
      PersistenceId persistenceId,
      String name,
      String journal,
      Class<S> stateType,
      UnaryOperator<S> copy,
      Recoveries recoveries,
      IdlePassivation<C> passivation,
      C redeliver) {
    super(persistenceId, RememberedEntities.PERSIST_FAILURE_BACKOFF);
    this.journal = journal;
    this.stateType = stateType;
    this.recovery = new RecoveryTimer(recoveries, name);
    this.inPlace = new InPlaceState<>(copy, recovery);
    this.passivation = passivation;
    this.redeliver = redeliver;
  }

  /** The state before any event: a new one per entity, never changed (see {@link InPlaceState}). */
  protected abstract S initialState();

  /** {@code event} applied to {@code state}, which may be changed in place. */
  protected abstract S applied(S state, E event);

  /** What the recovery log line says the state holds ("12 open orders"). */
  protected abstract String recoveredSize(S state);

  /** Once recovered: send again what is owed, arm what the state needs. */
  protected abstract void recovered(S state);

  @Override
  public final String journalPluginId() {
    return journal;
  }

  @Override
  public final S emptyState() {
    return inPlace.empty(initialState());
  }

  @Override
  public final EventHandler<S, E> eventHandler() {
    return (state, event) -> applied(inPlace.toApply(state), event);
  }

  @Override
  public final SnapshotAdapter<S> snapshotAdapter() {
    return inPlace.snapshots(stateType);
  }

  @Override
  public final SignalHandler<S> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              recovery.completed(log, recoveredSize(state));
              recovered(state);
            })
        .onSignal(PostStop.instance(), state -> recovery.ended())
        .build();
  }

  /** Quiet for a while: leaves if it owes nothing. */
  protected final ReplyEffect<E, S> onIdle(boolean owesNothing) {
    return writingNothing(() -> passivation.onIdle(owesNothing));
  }

  /** Asked to stop (a rebalance, or its own passivation): stops, to come back if it owes. */
  protected final ReplyEffect<E, S> onStop(boolean owesNothing) {
    passivation.beforeStop(owesNothing, redeliver);
    return Effect().stop().thenNoReply();
  }

  /** A step that writes nothing to the journal (acknowledgements, timers, idling). */
  protected final ReplyEffect<E, S> writingNothing(Runnable step) {
    step.run();
    return Effect().none().thenNoReply();
  }
}

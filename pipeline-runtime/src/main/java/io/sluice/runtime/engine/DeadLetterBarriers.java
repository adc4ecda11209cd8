package io.sluice.runtime.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkpoint part of one dead-letter sink shared by several steps: the sink commits
 * ({@code Sink.onCheckpoint(n)}, once per checkpoint) when every step using it has passed barrier
 * <i>n</i> (or ended), and only then tells the {@link CheckpointCoordinator}, which counts the
 * sink like a main sink. A dead letter's fate is the dead-letter sink's write, made on the thread
 * of the step that failed the record before that step passed the barrier; so once every user has
 * passed it, every dead letter of a record before the barrier has been written, and the commit
 * makes them durable. Letters written after a user passed <i>n</i> (records after the barrier) may
 * be committed with <i>n</i> as well: committing early only replays them on a restart
 * (at-least-once).
 *
 * <p>Users pass barriers on their own threads; the state is guarded by this object's lock, taken
 * once per checkpoint per user, and the commit runs under it (and under the channel's, so it never
 * overlaps a write), in checkpoint order.
 */
final class DeadLetterBarriers {
  private final DeadLetterChannel channel;
  private final CheckpointCoordinator coordinator;
  private final String participant;
  private final Set<Step> users = Collections.newSetFromMap(new IdentityHashMap<>());
  // guarded by this
  private final Set<Step> ended = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Per checkpoint not yet committed, the users that passed its barrier. */
  private final TreeMap<Long, Set<Step>> passed = new TreeMap<>();
  private boolean failed;

  /**
   * @param participant the name the coordinator knows this sink by, unique in the run
   */
  DeadLetterBarriers(DeadLetterChannel channel, CheckpointCoordinator coordinator,
      String participant) {
    this.channel = channel;
    this.coordinator = coordinator;
    this.participant = participant;
  }

  /** Returns the name the coordinator counts this dead-letter sink by. */
  String participant() {
    return participant;
  }

  /** Adds a step that dead-letters into the channel, before the run starts. */
  void use(Step step) {
    users.add(step);
  }

  /**
   * The step {@code by} passed barrier {@code id}, every dead letter before it written; commits
   * the sink if it is the last user to do so.
   *
   * @return {@code false} if the commit this call made failed (the run then fails)
   */
  synchronized boolean passed(Step by, long id) {
    passed.computeIfAbsent(id, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(by);
    return commitReady(by);
  }

  /** The step {@code by} ended its stream: it writes no more dead letters. */
  synchronized void ended(Step by) {
    if (ended.add(by)) {
      commitReady(by);
      if (!failed && ended.containsAll(users)) {
        coordinator.sinkEnded(participant);
      }
    }
  }

  private boolean commitReady(Step by) {
    while (!failed && !passed.isEmpty()) {
      Map.Entry<Long, Set<Step>> first = passed.firstEntry();
      for (Step user : users) {
        if (!first.getValue().contains(user) && !ended.contains(user)) {
          return true;
        }
      }
      passed.pollFirstEntry();
      long id = first.getKey();
      try {
        channel.commit(id);
      } catch (Throwable e) {
        failed = true;
        by.barriers().fail(e, "the onCheckpoint(" + id + ") of its dead-letter sink "
            + channel.sink() + " failed");
        return false;
      }
      coordinator.sinkReached(participant, id);
    }
    return !failed;
  }
}

package io.sluice.runtime.engine;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointReport;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Checkpointing;
import io.sluice.api.Edge;
import io.sluice.api.PipelineClock;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one run, shared by its threads: starts one every interval (the sources send
 * its barrier between two polls, {@link SourceBarriers}), collects the sources' positions, and
 * completes it once every sink, dead-letter sinks included ({@link DeadLetterBarriers}), has the
 * barrier and committed ({@link StepBarriers}) or has ended:
 * then everything the sources read before their positions has reached its fate, and the
 * positions are saved. At the end of the run ({@link #finish}) a completed run clears the store, a
 * drained one saves where its sources stopped, a failed or cancelled one saves its last completed
 * checkpoint again with the records it read after it. Checkpoints are rare, so the state is
 * guarded by this object's lock; only {@link #due} runs per poll, and takes the lock only when a
 * checkpoint starts.
 */
public final class CheckpointCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

  private final RunPlan plan;
  private final CheckpointStore store;
  private final long intervalNanos;
  private final PipelineClock clock;
  private final Checkpoint resumed;
  private final Set<String> sinks = new HashSet<>();
  private final Map<String, SourceBarriers> sources = new LinkedHashMap<>();
  private volatile long started;
  private volatile long nextDue;
  // guarded by this
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private final Map<String, String> endPositions = new HashMap<>();
  private final Map<String, Long> endRecords = new HashMap<>();
  private final Set<String> endedSinks = new HashSet<>();
  private Checkpoint last;
  private long taken;

  /** A started checkpoint: the positions given so far and the sinks that have its barrier. */
  private static final class Pending {
    final Map<String, String> positions = new HashMap<>();
    final Map<String, Long> records = new HashMap<>();
    final Set<String> reached = new HashSet<>();
  }

  private CheckpointCoordinator(RunPlan plan, Checkpointing setting, Checkpoint resumed) {
    this.plan = plan;
    this.store = setting.store();
    this.intervalNanos = setting.interval().toNanos();
    this.clock = plan.pipeline().clock();
    this.resumed = resumed;
    this.nextDue = clock.nanoTime() + intervalNanos;
  }

  /**
   * Wires checkpoints into a plan whose blueprint asks for them: loads the last checkpoint, gives
   * each step its barrier handling and each source its {@link SourceBarriers}.
   *
   * @param plan the plan, its steps made
   * @return the coordinator, or {@code null} if the blueprint takes no checkpoints
   * @throws IllegalArgumentException if a source cannot resume ({@link ResumableSource}), naming it
   * @throws IllegalStateException if the store cannot be read
   */
  static CheckpointCoordinator of(RunPlan plan) {
    Checkpointing setting = plan.pipeline().checkpointing().orElse(null);
    if (setting == null) {
      return null;
    }
    String pipeline = plan.pipeline().name();
    Checkpoint resumed;
    try {
      resumed = setting.store().load().orElse(null);
    } catch (Exception e) {
      throw new IllegalStateException("pipeline '" + pipeline + "': reading the last checkpoint "
          + "from " + setting.store() + " failed: " + e, e);
    }
    CheckpointCoordinator coordinator = new CheckpointCoordinator(plan, setting, resumed);
    Map<DeadLetterChannel, DeadLetterBarriers> deadLetters = new IdentityHashMap<>();
    for (StageDefinition def : plan.pipeline().stages()) {
      if (def.kind() == StageKind.SOURCE) {
        Source<?> source = plan.source(def.name());
        if (!(source instanceof ResumableSource<?> resumable)) {
          throw new IllegalArgumentException("pipeline '" + pipeline + "' takes checkpoints, but "
              + "source '" + def.name() + "' (" + typeOf(source) + ") cannot say where it is: it "
              + "must implement ResumableSource");
        }
        long before = resumed == null ? 0 : resumed.records().getOrDefault(def.name(), 0L);
        coordinator.sources.put(def.name(),
            new SourceBarriers(coordinator, plan, def.name(), resumable, before));
      } else if (!def.kind().isInput()) {
        boolean sink = def.kind().isSink();
        if (sink) {
          coordinator.sinks.add(def.name());
        }
        Step step = plan.step(def.name());
        DeadLetterBarriers letters = step.deadLetters() == null ? null
            : deadLetters.computeIfAbsent(step.deadLetters(), channel -> new DeadLetterBarriers(
                channel, coordinator, "dead-letter sink " + channel.sink() + " (#"
                    + (deadLetters.size() + 1) + ")"));
        if (letters != null) {
          letters.use(step);
          coordinator.sinks.add(letters.participant());
        }
        ConcurrentNode node = plan.concurrent(def.name());
        step.barriers().join(coordinator, def.inputPorts().size(), sink, letters,
            node == null ? null : (BarrierGate) node);
      }
    }
    if (resumed != null) {
      LOG.info("pipeline '{}' resumes from {}", pipeline, resumed);
    }
    return coordinator;
  }

  /**
   * Returns the checkpoint side of a source.
   *
   * @param source a source node
   * @return its barriers
   */
  public SourceBarriers source(String source) {
    return sources.get(source);
  }

  /**
   * Tells the steps fed by a node that have ended that no barrier comes along those edges any
   * more: for a runner that ends nodes itself rather than by signals in rings.
   *
   * @param node a node whose output ended
   */
  public void nodeEnded(String node) {
    for (Edge edge : plan.pipeline().edgesFrom(node)) {
      plan.step(edge.to()).barriers().inputEnded(plan.edgeCount(edge));
    }
  }

  /** The position a source resumes from, or {@code null} to start at its beginning. */
  String resumedPosition(String source) {
    return resumed == null ? null : resumed.positions().get(source);
  }

  /** Starts a checkpoint if the interval has passed; returns the number of the last started. */
  long due(long now) {
    if (now - nextDue >= 0) {
      synchronized (this) {
        if (now - nextDue >= 0) {
          startNow(now);
        }
      }
    }
    return started;
  }

  /**
   * Starts a checkpoint now, whatever the interval: the sources send its barrier after their next
   * poll (or when the runner calls {@link SourceBarriers#sendStarted}).
   *
   * @return its number
   */
  public synchronized long start() {
    return startNow(clock.nanoTime());
  }

  private long startNow(long now) {
    nextDue = now + intervalNanos;
    return ++started;
  }

  /** Returns the number of the last checkpoint started. */
  long started() {
    return started;
  }

  synchronized void sourceAt(String source, long id, String position, long records) {
    Pending checkpoint = pending.computeIfAbsent(id, k -> new Pending());
    checkpoint.positions.put(source, position);
    checkpoint.records.put(source, records);
    completeReady(source);
  }

  synchronized void sourceEnded(String source, String position, long records) {
    endPositions.put(source, position);
    endRecords.put(source, records);
    completeReady(source);
  }

  synchronized void sinkReached(String sink, long id) {
    pending.computeIfAbsent(id, k -> new Pending()).reached.add(sink);
    completeReady(sink);
  }

  synchronized void sinkEnded(String sink) {
    endedSinks.add(sink);
    completeReady(sink);
  }

  /** Completes, in order, the checkpoints every sink and source is done with. */
  private void completeReady(String by) {
    while (!pending.isEmpty()) {
      Map.Entry<Long, Pending> first = pending.firstEntry();
      Pending checkpoint = first.getValue();
      boolean sinksDone = sinks.stream()
          .allMatch(s -> checkpoint.reached.contains(s) || endedSinks.contains(s));
      boolean sourcesDone = sources.keySet().stream()
          .allMatch(s -> checkpoint.positions.containsKey(s) || endPositions.containsKey(s));
      if (!sinksDone || !sourcesDone) {
        return;
      }
      pending.pollFirstEntry();
      Map<String, String> positions = new HashMap<>(endPositions);
      positions.putAll(checkpoint.positions);
      Map<String, Long> records = new HashMap<>(endRecords);
      records.putAll(checkpoint.records);
      complete(Checkpoint.of(first.getKey(), positions, records), by);
    }
  }

  private void complete(Checkpoint checkpoint, String by) {
    RunControl control = plan.control();
    if (control.hasFailed() || control.isStopped()) {
      return; // records before it may have been stranded
    }
    try {
      store.save(checkpoint);
    } catch (Exception e) {
      control.fail(by, null, null, e, "saving " + checkpoint + " to " + store + " failed");
      return;
    }
    last = checkpoint;
    taken++;
    sources.forEach((name, source) -> source.completed(checkpoint.positions().get(name)));
    LOG.debug("pipeline '{}': {} saved", plan.pipeline().name(), checkpoint);
  }

  /**
   * Ends the run's checkpoints and says what they did: a completed run clears the store (the next
   * run starts anew), a drained one saves where its sources stopped, a failed or cancelled one
   * saves its last completed checkpoint (or the one it resumed from, or the initial one) with the
   * records it read after it. A store that fails here is logged; the outcome stays.
   *
   * @param outcome how the run ended
   * @param produced the records each source produced in this run
   * @return the report
   */
  public synchronized CheckpointReport finish(Outcome outcome, ToLongFunction<String> produced) {
    Map<String, Long> readInAll = new HashMap<>();
    for (String source : sources.keySet()) {
      long before = resumed == null ? 0 : resumed.records().getOrDefault(source, 0L);
      readInAll.put(source, before + produced.applyAsLong(source));
    }
    OptionalLong replayed = resumed == null ? OptionalLong.of(0) : resumed.readAfter();
    Optional<Checkpoint> from = Optional.ofNullable(resumed);
    String pipeline = plan.pipeline().name();
    if (outcome == Outcome.COMPLETED || outcome == Outcome.DRAINED) {
      Map<String, String> positions = new HashMap<>(endPositions);
      Checkpoint end = Checkpoint.of(started + 1, positions, readInAll).withReadAfter(0);
      try {
        if (outcome == Outcome.COMPLETED) {
          store.clear();
        } else {
          store.save(end);
        }
        last = end;
        taken++;
      } catch (Exception e) {
        LOG.error("pipeline '{}': {} the checkpoint store {} failed after the run {}", pipeline,
            outcome == Outcome.COMPLETED ? "clearing" : "saving " + end + " to", store, outcome,
            e);
        return new CheckpointReport(from, replayed, taken, Optional.ofNullable(last),
            readAfter(last, readInAll), Optional.ofNullable(last));
      }
      return new CheckpointReport(from, replayed, taken, Optional.of(end), 0,
          outcome == Outcome.COMPLETED ? Optional.empty() : Optional.of(end));
    }
    Checkpoint base = last != null ? last : resumed != null ? resumed : Checkpoint.initial();
    long readAfter = readAfter(base, readInAll);
    Checkpoint noted = base.withReadAfter(readAfter);
    try {
      store.save(noted);
    } catch (Exception e) {
      LOG.error("pipeline '{}': saving {} to {} after the run {} failed", pipeline, noted, store,
          outcome, e);
      noted = base;
    }
    LOG.info("pipeline '{}' {}: the next run resumes from {}, reading {} records again",
        pipeline, outcome, base, readAfter);
    return new CheckpointReport(from, replayed, taken, Optional.ofNullable(last), readAfter,
        Optional.of(noted));
  }

  private static long readAfter(Checkpoint base, Map<String, Long> readInAll) {
    if (base == null) {
      return readInAll.values().stream().mapToLong(Long::longValue).sum();
    }
    long after = 0;
    for (Map.Entry<String, Long> source : readInAll.entrySet()) {
      after += Math.max(0, source.getValue() - base.records().getOrDefault(source.getKey(), 0L));
    }
    return after;
  }

  /** The source's class as a reader knows it: a lambda or anonymous class has no useful name. */
  private static String typeOf(Source<?> source) {
    Class<?> type = source.getClass();
    if (type.isHidden() || type.isSynthetic()) {
      return "a lambda";
    }
    return type.isAnonymousClass() ? "an anonymous class in " + type.getEnclosingClass().getName()
        : type.getName();
  }
}

package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Parallelism.Ordering;
import io.sluice.api.Sink;
import io.sluice.api.StageDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * A parallel node: {@code n} {@link Lane}s, each a {@link Step} with its own stage instance, and
 * the rule that sends each record to one of them and lets their outputs out. Records are sent in
 * blocks of one batch ({@code maxSize} records, 1 under per-record dispatch), so a worker's batch
 * is a run of consecutive inputs: ORDERED releases through a {@link ReorderBuffer}, so outputs
 * leave in input order; UNORDERED releases each result as it comes, and starts each block at the
 * least loaded worker; KEYED sends every record of a key to the same worker (so a key's outputs
 * keep their order) and releases as results come. Outputs leave through the summary step, which
 * counts them per port and holds the node's connections. Checkpoint barriers cross it through
 * {@link LaneBarriers}.
 *
 * <p>The node's bookkeeping (sequence numbers, routing, releasing, roll-up) runs on one thread:
 * the local runner's {@link ParallelWorker}, or the test's thread, which also runs the lanes
 * inline ({@link ConcurrentNode}).
 */
public final class ParallelNode implements ConcurrentNode, BarrierGate {
  private final RunPlan plan;
  private final Step summary;
  private final List<Lane> lanes;
  private final Ordering ordering;
  private final Function<Object, ?> key;
  private final int block;
  private final ReorderBuffer reorder;
  /** Inputs taken and not released the node may hold: in its reorder buffer or behind a barrier. */
  private final int capacity;
  private final LaneBarriers barriers;
  /** Hands a barrier to every worker, behind what each was given: inline unless a runner says. */
  private Consumer<Barrier> toWorkers = this::passInline;
  private final RunControl control;
  private int current;
  private int inBlock;
  private long unorderedSeq;
  private long received;
  private long ownStranded;
  private long ownFailed;
  private long inFlight;

  /**
   * @param sink the instance of a parallel sink shared by its workers (thread-safe: it commits
   *     once per checkpoint for all of them); {@code null} for a stage or own instances
   * @param ownSinks whether the workers are sinks with an instance each, which each commits
   */
  ParallelNode(RunPlan plan, StageDefinition def, Step summary, List<Step> workers, Sink<?> sink,
      boolean ownSinks) {
    this.plan = plan;
    this.summary = summary;
    this.control = plan.control();
    Parallelism parallelism = def.options().parallelism();
    List<String> sides = plan.pipeline().edgesFrom(def.name()).stream()
        .map(edge -> edge.from().name()).filter(port -> !port.equals(io.sluice.api.Port.MAIN))
        .distinct().toList();
    List<Lane> made = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      made.add(new Lane(i, workers.get(i), sides,
          parallelism.ordering() == Ordering.ORDERED, ownSinks));
    }
    this.lanes = List.copyOf(made);
    this.ordering = parallelism.ordering();
    this.key = parallelism.key().orElse(null);
    Dispatch dispatch = def.dispatch();
    this.block = dispatch.isBatched() ? dispatch.maxSize() : 1;
    // every worker can fill a batch while the oldest record waits: no wait on a full buffer can
    // hold back the very records it waits for (in long: a huge batch size would overflow an int)
    long needed = Math.min(Parallelism.MAX_REORDER_CAPACITY + (long) block * workers.size(),
        Math.max(parallelism.reorderCapacity(), (long) (workers.size() + 1) * block));
    this.capacity = (int) Math.min(needed, ReorderBuffer.MAX_CAPACITY);
    this.reorder = ordering == Ordering.ORDERED ? new ReorderBuffer(capacity) : null;
    this.barriers = new LaneBarriers(def.name(), workers.size(), sink, control);
  }

  @Override
  public String name() {
    return summary.name();
  }

  List<Lane> lanes() {
    return lanes;
  }

  /**
   * Returns the steps of the workers: each counts and times its own share.
   *
   * @return the steps, in worker order
   */
  public List<Step> workers() {
    return lanes.stream().map(Lane::step).toList();
  }

  Step summary() {
    return summary;
  }

  /**
   * Tells whether the node may take another record now: the reorder buffer has room, and fewer
   * than its capacity of results wait behind a checkpoint barrier.
   */
  boolean hasRoom() {
    return (reorder == null || reorder.hasRoom()) && barriers.heldInputs() < capacity;
  }

  /**
   * Counts a record taken and picks its worker.
   *
   * @param record the record
   * @param load records queued at each worker, to start an unordered block at the least loaded
   *     one; {@code null} to go round in turn
   * @return the worker's index, or -1 if the record failed here (its key function threw)
   */
  int route(Object record, IntUnaryOperator load) {
    received++;
    if (ordering == Ordering.KEYED) {
      try {
        Object k = key.apply(record);
        if (k == null) {
          throw new NullPointerException("the key function of parallel stage '" + name()
              + "' returned null");
        }
        int h = k.hashCode();
        return Math.floorMod(h ^ (h >>> 16), lanes.size());
      } catch (RuntimeException e) {
        ownFailed++;
        control.fail(name(), record, null, e);
        return -1;
      }
    }
    if (inBlock == block) {
      inBlock = 0;
      current = ordering == Ordering.UNORDERED && load != null ? leastLoaded(load)
          : (current + 1) % lanes.size();
    }
    inBlock++;
    return current;
  }

  private int leastLoaded(IntUnaryOperator load) {
    int best = (current + 1) % lanes.size();
    for (int i = 0; i < lanes.size(); i++) {
      int lane = (current + 1 + i) % lanes.size();
      if (load.applyAsInt(lane) < load.applyAsInt(best)) {
        best = lane;
      }
    }
    return best;
  }

  /** Gives a routed record its sequence number. */
  long assign() {
    inFlight++;
    return reorder != null ? reorder.assign() : unorderedSeq++;
  }

  /** Counts a record taken but stranded before it reached a worker (a stop). */
  void strandedHere() {
    ownStranded++;
  }

  /**
   * Releases what a result makes due: in input order, or at once; a result from beyond a
   * checkpoint barrier still inside the node waits until the barrier left.
   */
  void release(LaneResult result) {
    if (barriers.holds(result)) {
      return;
    }
    inFlight -= result.seqs().length;
    if (result.batchSize() > 0 && summary.meters().timing()) {
      if (summary.perRecord()) {
        summary.meters().records(result.batchSize(), result.nanos());
      } else {
        summary.meters().batch(result.batchSize(), result.nanos());
      }
    }
    if (reorder != null) {
      reorder.settle(result, this::emit);
    } else {
      emit(result.outputs());
    }
    if (result.barrier() != null) {
      barriers.passed(result, this::release);
    }
  }

  @Override
  public void enter(Barrier barrier, BarrierGate.Exit exit) {
    barriers.enter(barrier, exit);
    toWorkers.accept(barrier);
  }

  @Override
  public void releaseAll() {
    barriers.releaseAll(this::release);
  }

  /**
   * Sets how a barrier reaches the workers: the local runner queues it to each worker's thread.
   *
   * @param send hands a barrier to every worker, behind what each was given before
   */
  void sendBarriersBy(Consumer<Barrier> send) {
    this.toWorkers = send;
  }

  private void passInline(Barrier barrier) {
    for (Lane lane : lanes) {
      release(lane.passBarrier(barrier));
    }
  }

  private void emit(List<Object> outputs) {
    for (int i = 0; i < outputs.size(); i += 2) {
      Object port = outputs.get(i);
      if (port == null) {
        summary.pass(outputs.get(i + 1));
      } else {
        summary.passSide((String) port, outputs.get(i + 1));
      }
    }
  }

  /**
   * Publishes the summary's counts as records leave, with the records taken so far: what it
   * released is counted emitted at once, and a snapshot must never show more out than in (its
   * fates and batches stay those of the last {@link #rollUp()}).
   */
  void publishSummary() {
    summary.tally().received = received;
    summary.tally().publish();
  }

  /** Rolls the workers' counts, as they last published them, up into the summary step. */
  void rollUp() {
    RollUp.counts(summary, lanes.stream().map(lane -> lane.step().tally().published()).toList(),
        received, ownStranded, ownFailed);
  }

  // ---- inline (deterministic runner): every lane on the calling thread ----

  @Override
  public void open() {
    lanes.forEach(lane -> lane.step().open());
  }

  @Override
  public Emitter<Object> input(EdgeCount count) {
    return new NodeInput(summary, count, record -> {
      count.received++;
      int lane = route(record, null);
      if (lane >= 0) {
        lanes.get(lane).feed(assign(), record);
        collect(lanes.get(lane));
      }
    });
  }

  private void collect(Lane lane) {
    LaneResult result = lane.collect();
    if (result != null) {
      release(result);
    }
  }

  @Override
  public void releaseCompleted() {
    // inline, a worker's results are released as soon as its call returns
  }

  @Override
  public void flushArrived() {
    for (Lane lane : lanes) {
      lane.flushArrived();
      collect(lane);
    }
  }

  @Override
  public long deadline() {
    long earliest = Long.MAX_VALUE;
    for (Lane lane : lanes) {
      earliest = Math.min(earliest, lane.step().deadline());
    }
    return earliest;
  }

  @Override
  public void fireDue(long now) {
    for (Lane lane : lanes) {
      if (lane.flushIfDue(now)) {
        collect(lane);
      }
    }
  }

  @Override
  public void end(FlushReason reason) {
    for (Lane lane : lanes) {
      lane.flush(reason);
      collect(lane);
    }
  }

  @Override
  public boolean isIdle() {
    return inFlight == 0 && barriers.isEmpty();
  }

  @Override
  public void abandonPending() {
    for (Lane lane : lanes) {
      lane.step().abandonPending(); // what they held back stays unreleased: settle() counts it
    }
  }

  @Override
  public void close() {
    lanes.forEach(lane -> lane.step().close());
    summary.close();
  }

  @Override
  public void settle() {
    lanes.forEach(lane -> lane.step().tally().publish()); // every worker's thread has ended
    rollUp();
    RollUp.unreleased(plan, summary, RollUp.emittedByPort(workers()));
  }
}

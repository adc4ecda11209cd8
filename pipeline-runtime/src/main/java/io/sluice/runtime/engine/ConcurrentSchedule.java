package io.sluice.runtime.engine;

import io.sluice.api.PipelineClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How the local runner places a concurrent node on threads: a parallel node gets its node thread
 * ({@link ParallelWorker}, reading the node's ring and owning its outboxes) and one thread per
 * worker ({@link LaneWorker}, named {@code <node thread>#<worker>}); an async node gets one thread
 * ({@link AsyncWorker}), its calls complete wherever their futures do.
 */
final class ConcurrentSchedule {
  /** Records a worker's queue holds, in batches of its dispatch: enough to keep it busy. */
  private static final int QUEUED_BATCHES = 2;
  private static final int MIN_QUEUE = 64;
  /**
   * The most records a worker's queue holds, whatever the batch size: the queue is allocated
   * whole, and a worker takes its records into its batch as they come, so a queue shorter than a
   * batch only makes the node wait for the worker sooner.
   */
  private static final int MAX_QUEUE = 1 << 14;

  private final Map<String, Runnable> threads = new LinkedHashMap<>();
  private final ConcurrentWorker worker;

  private ConcurrentSchedule(ConcurrentWorker worker) {
    this.worker = worker;
  }

  static ConcurrentSchedule of(RunPlan plan, ConcurrentNode node, String threadName, Ring ring,
      int inputs, Outboxes outbox) {
    RunControl control = plan.control();
    PipelineClock clock = plan.pipeline().clock();
    if (node instanceof AsyncNode asyncNode) {
      AsyncWorker worker = new AsyncWorker(asyncNode, ring, inputs, outbox, control, clock);
      ConcurrentSchedule schedule = new ConcurrentSchedule(worker);
      schedule.threads.put(threadName, worker);
      return schedule;
    }
    ParallelNode parallelNode = (ParallelNode) node;
    ConcurrentLinkedQueue<LaneResult> results = new ConcurrentLinkedQueue<>();
    int batch = plan.pipeline().stage(node.name()).dispatch().maxSize();
    int capacity = (int) Math.min(MAX_QUEUE, Math.max(MIN_QUEUE, (long) QUEUED_BATCHES * batch));
    List<LaneWorker> lanes = new ArrayList<>();
    for (Lane lane : parallelNode.lanes()) {
      lanes.add(new LaneWorker(lane, capacity, results, ring.consumerBell(), control, clock));
    }
    ParallelWorker worker = new ParallelWorker(parallelNode, lanes, results, ring, inputs, outbox,
        control, clock);
    ConcurrentSchedule schedule = new ConcurrentSchedule(worker);
    schedule.threads.put(threadName, worker);
    for (int i = 0; i < lanes.size(); i++) {
      schedule.threads.put(threadName + "#" + (i + 1), lanes.get(i));
    }
    return schedule;
  }

  Map<String, Runnable> threads() {
    return threads;
  }

  ConcurrentWorker worker() {
    return worker;
  }
}

package io.sluice.benchmarks.latency;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;

/**
 * What an idle pipeline costs: the CPU time of its threads (named {@code sluice-<pipeline>-...})
 * over a window in which nothing arrives, as a share of one core. Two shapes: a live pipeline
 * (its stage threads park on their rings' doorbells) and one whose source keeps polling and gets
 * nothing (its thread backs off to parks of up to 1 ms; the stage threads park).
 */
final class IdleCpu {
  private IdleCpu() {}

  /** A source with nothing to give, for now: every poll returns at once, empty. */
  private static final class EmptySource implements Source<Probe> {
    volatile boolean done;

    @Override
    public boolean poll(Emitter<Probe> out) {
      return !done;
    }
  }

  /** Share of one core used by the idle live pipeline's threads over {@code windowNanos}. */
  static double live(long windowNanos) throws Exception {
    RunningPipeline<Probe> run = threeStages(Pipeline.live("idle-live", Probe.class)).start();
    Pool pool = new Pool(1024);
    for (int i = 0; i < 1000; i++) {
      run.input().push(pool.take()); // warm: the threads have worked, then go idle
    }
    double share = measure("sluice-idle-live", windowNanos);
    run.input().complete();
    run.awaitCompletion();
    return share;
  }

  /** Share of one core used by a pipeline whose source polls and gets nothing. */
  static double polling(long windowNanos) throws Exception {
    EmptySource source = new EmptySource();
    RunningPipeline<Probe> run = threeStages(Pipeline.named("idle-poll")
        .from("empty", () -> source)).start();
    double share = measure("sluice-idle-poll", windowNanos);
    source.done = true;
    run.awaitCompletion();
    return share;
  }

  private static PipelineBuilder<Probe, Probe> threeStagesOf(
      PipelineBuilder<Probe, Probe> from) {
    return from.map("s1", (Probe p) -> p.enter(0)).ownThread()
        .map("s2", (Probe p) -> p.enter(1)).ownThread()
        .map("s3", (Probe p) -> p.enter(2)).ownThread();
  }

  private static Pipeline<Probe> threeStages(PipelineBuilder<Probe, Probe> from) {
    return threeStagesOf(from).to("sink", (Sink<Probe>) p -> { });
  }

  private static double measure(String threadPrefix, long windowNanos) {
    LockSupport.parkNanos(200_000_000); // let the threads back off to their longest park
    long before = cpuNanos(threadPrefix);
    long start = System.nanoTime();
    LockSupport.parkNanos(windowNanos);
    long cpu = cpuNanos(threadPrefix) - before;
    return (double) cpu / (System.nanoTime() - start);
  }

  private static long cpuNanos(String threadPrefix) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
      if (info.getThreadName().startsWith(threadPrefix)) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}

package io.sluice.benchmarks.baselines;

import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The three stages in Project Reactor, each on its own thread through {@code publishOn}, the
 * source on its own through {@code subscribeOn}, and the sink on a fifth: the same threads and
 * hand-offs as the Sluice pipeline. Schedulers are made and disposed per run, as Sluice makes its
 * threads per run. The prefetch of {@code publishOn} is its queue size: {@link #PREFETCH} gives
 * Reactor the same buffering as the other systems' rings; Reactor's default is 256.
 */
public final class ReactorPipeline {
  private static final Duration TIMEOUT = Duration.ofSeconds(ProcessorThreads.TIMEOUT_SECONDS);

  /** Records buffered per hand-off, as in the rings and queues of the other systems. */
  public static final int PREFETCH = DisruptorRingPerStage.RING_SIZE;

  /** Reactor's default {@code publishOn} prefetch ({@code Queues.SMALL_BUFFER_SIZE}). */
  public static final int DEFAULT_PREFETCH = 256;

  private ReactorPipeline() {}

  /**
   * Runs the items through the stages one record per signal.
   *
   * @param items the records
   * @param prefetch the {@code publishOn} queue size
   * @return what the sink saw
   */
  public static Checksum perRecord(Item[] items, int prefetch) {
    List<Scheduler> threads = schedulers();
    try {
      Checksum checksum = new Checksum();
      Flux.fromArray(items).subscribeOn(threads.get(0))
          .publishOn(threads.get(1), prefetch).map(Work::inc)
          .publishOn(threads.get(2), prefetch).map(Work::triple)
          .publishOn(threads.get(3), prefetch).filter(Work::keep)
          .publishOn(threads.get(4), prefetch).doOnNext(checksum::add)
          .then().block(TIMEOUT);
      return checksum;
    } finally {
      threads.forEach(Scheduler::dispose);
    }
  }

  /**
   * Runs the items through the stages in lists of {@code chunk} made by {@code buffer(chunk)},
   * each {@code publishOn} buffering {@link #PREFETCH} records' worth of lists.
   *
   * @param items the records
   * @param chunk records per list
   * @return what the sink saw
   */
  public static Checksum buffered(Item[] items, int chunk) {
    int lists = Math.max(1, PREFETCH / chunk);
    List<Scheduler> threads = schedulers();
    try {
      Checksum checksum = new Checksum();
      Flux.fromArray(items).subscribeOn(threads.get(0)).buffer(chunk)
          .publishOn(threads.get(1), lists).map(list -> {
            list.forEach(Work::inc);
            return list;
          })
          .publishOn(threads.get(2), lists).map(list -> {
            list.forEach(Work::triple);
            return list;
          })
          .publishOn(threads.get(3), lists).map(list -> {
            list.removeIf(item -> !Work.keep(item));
            return list;
          })
          .filter(list -> !list.isEmpty())
          .publishOn(threads.get(4), lists).doOnNext(list -> list.forEach(checksum::add))
          .then().block(TIMEOUT);
      return checksum;
    } finally {
      threads.forEach(Scheduler::dispose);
    }
  }

  private static List<Scheduler> schedulers() {
    List<Scheduler> threads = new ArrayList<>();
    for (String name : new String[] {"source", "inc", "triple", "even", "sink"}) {
      threads.add(Schedulers.newSingle("reactor-" + name));
    }
    return threads;
  }
}

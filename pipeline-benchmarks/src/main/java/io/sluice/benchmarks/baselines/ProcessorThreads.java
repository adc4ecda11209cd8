package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The consumer threads of a raw Disruptor baseline: one {@link BatchEventProcessor} and thread per
 * ring, started together and halted and joined together, so no thread outlives a benchmark run.
 */
final class ProcessorThreads {
  /** How long a run may take before it is declared stuck (a lost end marker, a dead handler). */
  static final long TIMEOUT_SECONDS = 120;

  private final String system;
  private final List<BatchEventProcessor<?>> processors = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  ProcessorThreads(String system) {
    this.system = system;
  }

  /** Adds the consumer of a ring; call before anything is published. */
  <T> void consume(RingBuffer<T> ring, EventHandler<? super T> handler) {
    BatchEventProcessor<T> processor =
        new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
    ring.addGatingSequences(processor.getSequence());
    processors.add(processor);
    threads.add(new Thread(processor, system + "-" + threads.size()));
  }

  void start() {
    threads.forEach(Thread::start);
  }

  /** Waits for the sink's end signal, then halts and joins every consumer thread. */
  void awaitThenStop(CountDownLatch sinkDone) throws InterruptedException {
    try {
      if (!sinkDone.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(system + ": no end of stream after " + TIMEOUT_SECONDS
            + " s; a handler probably failed");
      }
    } finally {
      processors.forEach(BatchEventProcessor::halt);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}

package io.sluice.benchmarks.latency;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.function.Supplier;

/**
 * The raw LMAX Disruptor as its users wire a pipeline: one ring of 4096, the three stages and the
 * sink as a chain of handlers, each on its own thread, each seeing an event as soon as the handler
 * before it has. The wait strategy is the baseline's variable.
 */
final class DisruptorSystem implements System3 {
  private final String name;
  private final Supplier<WaitStrategy> wait;

  private DisruptorSystem(String name, Supplier<WaitStrategy> wait) {
    this.name = name;
    this.wait = wait;
  }

  static DisruptorSystem blocking() {
    return new DisruptorSystem("raw Disruptor, `BlockingWaitStrategy`", BlockingWaitStrategy::new);
  }

  static DisruptorSystem yielding() {
    return new DisruptorSystem("raw Disruptor, `YieldingWaitStrategy`", YieldingWaitStrategy::new);
  }

  private static final class Slot {
    Probe probe;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Running start(StageWork work, Recorder recorder) {
    Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 4096, DaemonThreadFactory.INSTANCE,
        ProducerType.SINGLE, wait.get());
    disruptor.handleEventsWith(stage(work, 0)).then(stage(work, 1)).then(stage(work, 2))
        .then((slot, sequence, endOfBatch) -> recorder.arrive(slot.probe));
    RingBuffer<Slot> ring = disruptor.start();
    return new Running() {
      @Override
      public void accept(Probe probe) {
        ring.publishEvent((slot, sequence, p) -> slot.probe = p, probe);
      }

      @Override
      public void close() {
        disruptor.shutdown(); // waits until every handler has taken everything published
      }
    };
  }

  private static EventHandler<Slot> stage(StageWork work, int hop) {
    return (slot, sequence, endOfBatch) -> work.run(hop, slot.probe);
  }
}

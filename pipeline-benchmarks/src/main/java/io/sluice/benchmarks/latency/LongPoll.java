package io.sluice.benchmarks.latency;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The long-poll scenario: a source whose {@code poll} waits up to {@link #POLL_WAIT_SECONDS} for
 * messages (as a broker client does) and emits whatever came; bursts of {@link #BURST} messages
 * are put at once, {@link #GAP_NANOS} apart. Measured: push to sink of every message, through the
 * three stages. A message that waited for the source's next poll would take seconds.
 */
final class LongPoll {
  static final long POLL_WAIT_SECONDS = 5;
  static final int BURST = 25;
  static final long GAP_NANOS = 50_000_000;

  private LongPoll() {}

  private static final class BrokerSource implements Source<Probe> {
    private final LinkedBlockingQueue<Probe> messages;

    BrokerSource(LinkedBlockingQueue<Probe> messages) {
      this.messages = messages;
    }

    @Override
    public boolean poll(Emitter<Probe> out) throws InterruptedException {
      Probe first = messages.poll(POLL_WAIT_SECONDS, TimeUnit.SECONDS);
      if (first == null) {
        return true;
      }
      if (first.burstIndex == Integer.MIN_VALUE) {
        return false; // the driver's end marker
      }
      out.emit(first);
      for (Probe next = messages.poll(); next != null; next = messages.poll()) {
        if (next.burstIndex == Integer.MIN_VALUE) {
          return false;
        }
        out.emit(next);
      }
      return true;
    }
  }

  /** Puts {@code bursts} bursts (the first is warm-up) and returns what the sink recorded. */
  static Recorder run(int bursts) throws Exception {
    Recorder recorder = new Recorder();
    Pool pool = new Pool(BURST * 4);
    LinkedBlockingQueue<Probe> messages = new LinkedBlockingQueue<>();
    RunningPipeline<Probe> run = Pipeline.named("long-poll")
        .from("broker", () -> new BrokerSource(messages))
        .map("s1", (Probe p) -> p.enter(0)).ownThread()
        .map("s2", (Probe p) -> p.enter(1)).ownThread()
        .map("s3", (Probe p) -> p.enter(2)).ownThread()
        .to("sink", (Sink<Probe>) recorder::arrive)
        .start();
    long pushed = 0;
    for (int b = 0; b < bursts; b++) {
      if (b == 1) {
        recorder.startMeasuring();
      }
      LockSupport.parkNanos(GAP_NANOS); // the source is back in a waiting poll
      for (int i = 0; i < BURST; i++) {
        messages.put(pool.take());
      }
      pushed += BURST;
      Pacer.awaitArrivals(recorder::arrived, pushed);
    }
    Probe end = new Probe();
    end.burstIndex = Integer.MIN_VALUE;
    messages.put(end);
    run.awaitCompletion();
    return recorder;
  }
}

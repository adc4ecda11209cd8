package io.sluice.benchmarks.concurrency;

import io.sluice.api.AsyncStage;
import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A lookup with {@link #IO_NANOS} of simulated I/O per record: a blocking stage parks its thread
 * for that long (never spins, so it costs no CPU, as a socket read would); an async stage
 * completes that long later from one timer thread, as a non-blocking client's event loop would.
 */
final class SlowLookup {
  /** The simulated round trip. */
  static final long IO_NANOS = 2_000_000L;

  private SlowLookup() {}

  /** The answer of a lookup: cheap, so the I/O is all the cost. */
  static long answer(long key) {
    return key * 31 + 7;
  }

  /** A blocking lookup stage: parks for the round trip. */
  static final class Blocking implements Stage<Long, Long> {
    @Override
    public void process(Long key, Emitter<Long> out) {
      park();
      out.emit(answer(key));
    }
  }

  /** Parks for the whole round trip, however often the park returns early. */
  static void park() {
    long end = System.nanoTime() + IO_NANOS;
    for (long left = IO_NANOS; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** A non-blocking lookup: completes from the timer thread after the round trip. */
  static final class Async implements AsyncStage<Long, Long> {
    private final ScheduledExecutorService timer;

    Async(ScheduledExecutorService timer) {
      this.timer = timer;
    }

    @Override
    public CompletionStage<Long> call(Long key) {
      CompletableFuture<Long> answer = new CompletableFuture<>();
      timer.schedule(() -> answer.complete(answer(key)), IO_NANOS, TimeUnit.NANOSECONDS);
      return answer;
    }
  }
}

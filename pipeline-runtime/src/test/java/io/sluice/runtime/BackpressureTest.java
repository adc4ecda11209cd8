package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A full ring blocks its producer, so records in flight never exceed what the rings hold. */
class BackpressureTest {
  private static final int RECORDS = 100_000;
  private static final int RING = 16;

  @Test
  void inFlightRecordsNeverExceedTheRings() throws Exception {
    AtomicLong produced = new AtomicLong();
    AtomicLong consumed = new AtomicLong();
    AtomicLong maxInFlight = new AtomicLong();
    Source<Integer> source = new Source<>() {
      int next;

      @Override
      public boolean poll(Emitter<Integer> out) {
        produced.incrementAndGet(); // counted before the emit: an upper bound on what entered
        out.emit(next++);
        return next < RECORDS;
      }
    };
    Sink<Integer> slowSink = record -> {
      long inFlight = produced.get() - consumed.get();
      maxInFlight.accumulateAndGet(inFlight, Math::max);
      for (int i = 0; i < 200; i++) {
        Thread.onSpinWait(); // slower than the source: the rings fill up
      }
      consumed.incrementAndGet();
    };

    PipelineReport report = Pipeline.from("read", source)
        .map("a", x -> x + 1).ownThread().withRingSize(RING) // a ring before every stage
        .map("b", x -> x + 1).ownThread().withRingSize(RING)
        .to("slow", slowSink, io.sluice.api.StageOptions.defaults().withRingSize(RING))
        .run();

    // three rings of 16, one record in the hands of each of three stage threads, one being emitted
    long bound = 3L * RING + 3 + 1;
    assertThat(report.stage("slow").received()).isEqualTo(RECORDS);
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(bound);
    assertThat(maxInFlight.get()).as("the rings did fill up").isGreaterThan(RING);
  }
}

package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Uninterruptibles;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link Emitter#tryEmit} on the local runner: while the next ring is full the source's emitter
 * refuses at once instead of blocking, so the source keeps being polled; what it offers again
 * later arrives, in order, none lost.
 */
class TryEmitTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final long RECORDS = 2_000;

  /** Offers 0..RECORDS-1 in order with tryEmit, keeping a refused number for its next poll. */
  private static final class Offering implements Source<Long> {
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicInteger pollsWhileFull = new AtomicInteger();
    private long next;

    @Override
    public boolean poll(Emitter<Long> out) {
      if (refusals.get() > 0) {
        pollsWhileFull.incrementAndGet();
      }
      for (int i = 0; i < 100 && next < RECORDS; i++) {
        if (!out.tryEmit(next)) {
          refusals.incrementAndGet();
          return true;
        }
        next++;
      }
      return next < RECORDS;
    }
  }

  @Test
  void aFullRingRefusesAtOnceAndWhatIsOfferedAgainArrivesInOrder() throws Exception {
    Offering source = new Offering();
    CountDownLatch release = new CountDownLatch(1);
    List<Long> received = new CopyOnWriteArrayList<>();
    AtomicLong first = new AtomicLong(-1);
    RunningPipeline<Long> run = Pipeline.named("offering").from("numbers", source)
        .map("held", (Long n) -> {
          if (first.compareAndSet(-1, n)) {
            Uninterruptibles.awaitUninterruptibly(release); // held until the test says
          }
          return n;
        }).withRingSize(16).ownThread()
        .to("out", received::add)
        .start();

    // the ring fills while the stage waits: the source is refused, and polled again and again
    await().atMost(WITHIN).until(() -> source.pollsWhileFull.get() >= 3);
    release.countDown();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(source.refusals.get()).isPositive();
    assertThat(report.stage("numbers").emitted()).isEqualTo(RECORDS);
    assertThat(received).hasSize((int) RECORDS);
    assertThat(received).isSorted().doesNotHaveDuplicates();
  }
}

package io.sluice.benchmarks.latency;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Project Reactor: a unicast sink, {@code publishOn} a single-thread scheduler per stage and sink. */
final class ReactorSystem implements System3 {
  @Override
  public String name() {
    return "Reactor `publishOn` per stage";
  }

  @Override
  public Running start(StageWork work, Recorder recorder) {
    Sinks.Many<Probe> input = Sinks.many().unicast().onBackpressureBuffer();
    Scheduler[] threads = new Scheduler[Probe.STAGES + 1];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = Schedulers.newSingle("reactor-latency-" + i, true);
    }
    CountDownLatch done = new CountDownLatch(1);
    input.asFlux()
        .publishOn(threads[0]).map(p -> SluiceSystem.stage(work, 0, p))
        .publishOn(threads[1]).map(p -> SluiceSystem.stage(work, 1, p))
        .publishOn(threads[2]).map(p -> SluiceSystem.stage(work, 2, p))
        .publishOn(threads[3])
        .subscribe(recorder::arrive, error -> done.countDown(), done::countDown);
    return new Running() {
      @Override
      public void accept(Probe probe) {
        input.emitNext(probe, Sinks.EmitFailureHandler.FAIL_FAST);
      }

      @Override
      public void close() throws InterruptedException {
        input.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
        done.await(1, TimeUnit.MINUTES);
        for (Scheduler thread : threads) {
          thread.dispose();
        }
      }
    };
  }
}

package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A finished run keeps no record reachable: its rings' slots are cleared as they are consumed. */
class RetentionTest {

  /** A record big enough to matter, watched through a weak reference. */
  record Payload(int id, byte[] bytes) {}

  @Test
  void aFinishedRunHoldsNoRecordInItsRings() throws Exception {
    List<WeakReference<Payload>> watched = new ArrayList<>();
    Source<Payload> made = out -> { // makes each record as it is read, keeping only a weak ref
      if (watched.size() == 1_000) {
        return false;
      }
      Payload payload = new Payload(watched.size(), new byte[1024]);
      watched.add(new WeakReference<>(payload));
      out.emit(payload);
      return true;
    };
    RunningPipeline<Payload> run = Pipeline.named("retention").from("read", made)
        .map("same", p -> p).ownThread()
        .alsoTo("copy", p -> { })
        .to("drop", p -> { })
        .start();
    PipelineReport report = run.awaitCompletion();

    assertThat(report.stage("drop").received()).isEqualTo(1_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return watched.stream().allMatch(ref -> ref.get() == null);
    });
    assertThat(run.isDone()).isTrue(); // the run, still referenced, kept none of them
  }
}

package io.sluice.examples.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import io.sluice.examples.console.TestConsole;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed job's promise, in a forked JVM: {@code batch --checkpoint DIR} killed with
 * {@code kill -9} after its first checkpoint and started again with the same command ends with
 * the tables of an uninterrupted run: every row saved (or rejected) exactly once.
 */
class KillAndRestartTest {
  /**
   * Enough rows for a run of several seconds even on a quiet machine (15,000 ended within the
   * first second there, before its first checkpoint), so the kill lands mid-run.
   */
  private static final long ROWS = 100_000;
  private static final String BATCH_SIZE = "500";

  @TempDir Path dir;

  @Test
  void aJobKilledMidRunAndStartedAgainSavesEveryRowExactlyOnce() throws Exception {
    Path jobDir = dir.resolve("job");
    List<String> command = command("batch", "--rows", Long.toString(ROWS), "--batch-size",
        BATCH_SIZE, "--checkpoint", jobDir.toString());
    Path checkpointFile = jobDir.resolve(RestartableBatch.CHECKPOINT_FILE);

    Process first = start(command, dir.resolve("first.log"));
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> Files.exists(checkpointFile) || !first.isAlive());
      assertThat(first.isAlive()).as("the first run is still running at its first checkpoint; "
          + "its output: %s", log("first.log")).isTrue();
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final checkpoint
      first.waitFor(30, TimeUnit.SECONDS);
    }
    Checkpoint killedAt = CheckpointStore.inFile(checkpointFile).load().orElseThrow();
    assertThat(killedAt.recordsBefore()).isBetween(1L, ROWS - 1);

    Process second = start(command, dir.resolve("second.log"));
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second run ends").isTrue();
    assertThat(second.exitValue()).as("exit status; output: %s", log("second.log")).isZero();

    String resumed = log("second.log");
    assertThat(resumed).contains("Resuming from checkpoint")
        .contains("read again     unknown (the previous run was killed)")
        .contains("every row accounted for");
    assertThat(Files.exists(checkpointFile)).as("a completed job clears its checkpoint").isFalse();
    try (SalesDatabase afterRestart = SalesDatabase.kept(jobDir.resolve("sales"));
        SalesDatabase uninterrupted = SalesDatabase.inMemory()) {
      BatchJob.run(new BatchJob.Settings(Integer.parseInt(BATCH_SIZE), ROWS, 7, null, false),
          new TestConsole().console(), uninterrupted);
      assertThat(afterRestart.count()).isEqualTo(uninterrupted.count());
      assertThat(afterRestart.daily()).isEqualTo(uninterrupted.daily());
      assertThat(afterRestart.byCategory()).isEqualTo(uninterrupted.byCategory());
      assertThat(afterRestart.savedOrderLines()).isEqualTo(uninterrupted.savedOrderLines());
      assertThat(afterRestart.rejectedByReason()).isEqualTo(uninterrupted.rejectedByReason());
      assertThat(afterRestart.rejectedRows(Integer.MAX_VALUE))
          .isEqualTo(uninterrupted.rejectedRows(Integer.MAX_VALUE));
    }
  }

  /** The same java, class path and module path as this test, running the examples' main. */
  private static List<String> command(String... args) {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath = String.join(File.pathSeparator,
        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
    List<String> command = new ArrayList<>(List.of(java, "-cp", classPath,
        "io.sluice.examples.Main"));
    command.addAll(List.of(args));
    return command;
  }

  private static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  private String log(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }
}

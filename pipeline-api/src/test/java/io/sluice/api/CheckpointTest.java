package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final Checkpoint THIRD = Checkpoint.of(3,
      Map.of("orders", "line=1025 byte=40960", "odd", "a=b\nc:d #e \\ é"),
      Map.of("orders", 1024L, "odd", 7L));

  @Test
  void textRoundTripKeepsEveryPartEvenOddCharacters() {
    Checkpoint noted = THIRD.withReadAfter(12);

    assertThat(Checkpoint.parse(THIRD.toText())).isEqualTo(THIRD);
    assertThat(Checkpoint.parse(noted.toText())).isEqualTo(noted);
    assertThat(noted.readAfter()).hasValue(12);
    assertThat(THIRD.readAfter()).isEmpty();
    assertThat(THIRD.recordsBefore()).isEqualTo(1031);
    assertThat(THIRD.toText()).doesNotContain("#e \\ é\n#"); // no date comment line
    assertThat(THIRD.toText().lines()).noneMatch(line -> line.startsWith("#"));
  }

  @Test
  void theInitialCheckpointHasEverySourceAtItsBeginning() {
    assertThat(Checkpoint.initial().positions()).isEmpty();
    assertThat(Checkpoint.initial().recordsBefore()).isZero();
    assertThat(Checkpoint.initial()).hasToString("checkpoint 0 (0 records, every source at its "
        + "beginning)");
  }

  @Test
  void rejectsBadPartsNamingThem() {
    assertThatThrownBy(() -> Checkpoint.of(-1, Map.of(), Map.of()))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Checkpoint.of(1, Map.of("a", "x"), Map.of()))
        .hasMessageContaining("[a]");
    assertThatThrownBy(() -> Checkpoint.of(1, Map.of(), Map.of("a", -2L)))
        .hasMessageContaining("'a'").hasMessageContaining("-2");
    assertThatThrownBy(() -> THIRD.withReadAfter(-5)).hasMessageContaining("-5");
    assertThatThrownBy(() -> Checkpoint.parse("records.a=x\nid=1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    assertThatThrownBy(() -> Checkpoint.parse("what=1"))
        .hasMessageContaining("unknown key 'what'");
    assertThatThrownBy(() -> Checkpoint.parse("records.a=1"))
        .hasMessageContaining("no 'id'");
  }

  @Test
  void inMemoryStoreKeepsTheLastSavedUntilCleared() {
    CheckpointStore store = CheckpointStore.inMemory();
    assertThat(load(store)).isNull();
    save(store, Checkpoint.initial());
    save(store, THIRD);
    assertThat(load(store)).isEqualTo(THIRD);
    clear(store);
    assertThat(load(store)).isNull();
  }

  @Test
  void fileStoreReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/job.checkpoint");
    CheckpointStore store = CheckpointStore.inFile(file);
    assertThat(store.load()).isEmpty();

    store.save(Checkpoint.initial());
    store.save(THIRD);

    assertThat(CheckpointStore.inFile(file).load()).contains(THIRD);
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("job.checkpoint");
    }
    store.clear();
    assertThat(file).doesNotExist();
    assertThat(store.load()).isEmpty();
    store.clear(); // nothing to clear is fine
  }

  @Test
  void fileStoreNamesAFileThatHoldsNoCheckpoint(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken");
    Files.writeString(file, "id=seven\n");
    assertThatThrownBy(() -> CheckpointStore.inFile(file).load()).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'seven'");
  }

  @Test
  void checkpointSettingIsCheckedWhenTheBlueprintIsBuilt() {
    Pipeline<Integer> job = Pipeline.from("numbers", Source.of(1, 2, 3)).to("out", r -> { });
    CheckpointStore store = CheckpointStore.inMemory();

    Pipeline<Integer> checkpointed = job.withCheckpoints(store, Duration.ofSeconds(2));

    assertThat(job.checkpointing()).isEmpty();
    assertThat(checkpointed.checkpointing()).contains(new Checkpointing(store,
        Duration.ofSeconds(2)));
    assertThat(checkpointed.withName("renamed").withClock(PipelineClock.system())
        .checkpointing()).isEqualTo(checkpointed.checkpointing());
    assertThat(checkpointed.describe()).contains("checkpoints every 2s to in-memory "
        + "checkpoint store");
    assertThatThrownBy(() -> job.withCheckpoints(store, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the checkpoint interval must be from 1ms to 1d but was 0s");
    assertThatThrownBy(() -> job.withCheckpoints(store, Duration.ofDays(2)))
        .hasMessageContaining("but was 2d");
    assertThatThrownBy(() -> job.withCheckpoints(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("checkpoint store");
    assertThatThrownBy(() -> Pipeline.live("pushed", Integer.class).to("out", r -> { })
        .withCheckpoints(store, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("live input 'pushed'");
  }

  @Test
  void checkpointsAcceptParallelAndAsynchronousStages() {
    CheckpointStore store = CheckpointStore.inMemory();
    Pipeline<Integer> parallel = Pipeline.from("numbers", Source.of(1, 2, 3))
        .map("double", x -> x * 2).parallel(2)
        .to("out", r -> { });
    Pipeline<Integer> async = Pipeline.from("numbers", Source.of(1, 2, 3))
        .mapAsync("lookup", x -> java.util.concurrent.CompletableFuture.completedFuture(x),
            Async.ordered(4))
        .to("out", r -> { });

    assertThat(parallel.withCheckpoints(store, Duration.ofSeconds(1)).checkpointing())
        .hasValueSatisfying(setting -> assertThat(setting.store()).isSameAs(store));
    assertThat(async.withCheckpoints(store, Duration.ofSeconds(1)).checkpointing()).isPresent();
  }

  private static Checkpoint load(CheckpointStore store) {
    try {
      return store.load().orElse(null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void save(CheckpointStore store, Checkpoint checkpoint) {
    try {
      store.save(checkpoint);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void clear(CheckpointStore store) {
    try {
      store.clear();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

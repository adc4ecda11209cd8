package io.sluice.flink;

import io.sluice.api.Dispatch;
import io.sluice.api.PipelineClock;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.runtime.engine.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads a Sluice source in a Flink source task: opens this task's instance when the split
 * arrives, calls {@code poll} once per {@link #pollNext}, and ends the input when the source is
 * exhausted. A poll that gives nothing makes the task wait (without a thread of its own) for a
 * pause doubling from 1 to 10 ms, as the local runner pauses an idle source. A source that throws
 * fails the job, naming the source.
 */
final class SluiceSourceReader implements SourceReader<Object, WholeSourceSplit> {
  private static final long MAX_PAUSE_MILLIS = 10;
  private final ShippedStage stage;
  private Source<Object> source;
  private boolean noMoreSplits;
  private boolean exhausted;
  private long pauseMillis = 1;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  SluiceSourceReader(ShippedStage stage) {
    this.stage = stage;
  }

  @Override
  public void start() {}

  @Override
  @SuppressWarnings("unchecked")
  public void addSplits(List<WholeSourceSplit> splits) {
    if (source != null || splits.isEmpty()) {
      return;
    }
    Source<Object> made = (Source<Object>) stage.newInstance();
    try {
      made.open(new Context(stage.pipelineName(), stage.name(), Dispatch.perRecord(),
          PipelineClock.system()));
    } catch (Exception e) {
      throw failed(e, "its open threw");
    }
    source = made;
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    available.complete(null);
  }

  @Override
  public InputStatus pollNext(ReaderOutput<Object> output) {
    if (source == null || exhausted) {
      if (noMoreSplits || exhausted) {
        return InputStatus.END_OF_INPUT;
      }
      available = new CompletableFuture<>();
      return InputStatus.NOTHING_AVAILABLE;
    }
    int[] emitted = {0};
    boolean more;
    try {
      more = source.poll(record -> {
        emitted[0]++;
        output.collect(record);
      });
    } catch (Exception e) {
      throw failed(e, "its poll threw");
    }
    if (!more) {
      exhausted = true;
      closeSource();
      return InputStatus.END_OF_INPUT;
    }
    if (emitted[0] > 0) {
      pauseMillis = 1;
      return InputStatus.MORE_AVAILABLE;
    }
    Executor later = CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS);
    available = CompletableFuture.runAsync(() -> { }, later);
    pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
    return InputStatus.NOTHING_AVAILABLE;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public List<WholeSourceSplit> snapshotState(long checkpointId) {
    // no position to save: a job restored from a checkpoint reads the source again from its start
    return source == null || exhausted ? List.of() : List.of(WholeSourceSplit.INSTANCE);
  }

  @Override
  public void close() {
    closeSource();
  }

  private void closeSource() {
    Source<Object> open = source;
    if (open == null) {
      return;
    }
    source = null;
    try {
      open.close();
    } catch (Exception e) {
      throw failed(e, "its close threw");
    }
  }

  private StageFailedException failed(Exception cause, String detail) {
    return new StageFailedException(stage.pipelineName(), stage.name(), null, null, cause, detail);
  }
}

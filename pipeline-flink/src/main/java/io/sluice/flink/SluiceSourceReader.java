package io.sluice.flink;

import io.sluice.api.Dispatch;
import io.sluice.api.PipelineClock;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.runtime.engine.Context;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Sluice source in a Flink source task: opens this task's instance when the split
 * arrives (at the split's position with {@code openAt}, for a {@link ResumableSource} restored from
 * a checkpoint), calls {@code poll} once per {@link #pollNext}, and ends the input when the source
 * is exhausted. A poll that gives nothing makes the task wait (without a thread of its own) for a
 * pause doubling from 1 to 10 ms, as the local runner pauses an idle source. A source that throws
 * fails the job, naming the source.
 *
 * <p>Flink calls every method on the task's thread, between two polls, so a resumable source's
 * {@code position()} taken in {@link #snapshotState} is just after the last record emitted, and
 * the source hears {@code checkpointCompleted} with that position when Flink says the checkpoint
 * completed. Once exhausted, a resumable source stays open until a checkpoint taken after its end
 * completes (Flink's final checkpoint: every task after it has ended), and hears its end position
 * then, as on the local runner; it is closed then, or when the task closes.
 */
final class SluiceSourceReader implements SourceReader<Object, WholeSourceSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceSourceReader.class);
  private static final long MAX_PAUSE_MILLIS = 10;
  private final ShippedStage stage;
  private final SnapshottedPositions snapshots = new SnapshottedPositions();
  private Source<Object> source;
  private ResumableSource<Object> resumable;
  private boolean noMoreSplits;
  private boolean exhausted;
  private String endPosition;
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
    if (source != null || exhausted || splits.isEmpty()) {
      return;
    }
    Source<Object> made = (Source<Object>) stage.newInstance();
    Context context = new Context(stage.pipelineName(), stage.name(), Dispatch.perRecord(),
        PipelineClock.system());
    Optional<String> position = splits.get(0).position();
    try {
      if (made instanceof ResumableSource<Object> resumed && position.isPresent()) {
        LOG.info("pipeline '{}': source '{}' resumes at {}", stage.pipelineName(), stage.name(),
            position.get());
        resumed.openAt(context, position.get());
      } else {
        position.ifPresent(p -> LOG.warn("pipeline '{}': source '{}' was checkpointed at {} but "
            + "is not resumable now: it is read again from its start", stage.pipelineName(),
            stage.name(), p));
        made.open(context);
      }
    } catch (Exception e) {
      throw failed(e, position.isPresent() ? "its openAt(" + position.get() + ") threw"
          : "its open threw");
    }
    source = made;
    resumable = made instanceof ResumableSource<Object> r ? r : null;
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
    RuntimeException[] downstream = {null};
    boolean more;
    try {
      more = source.poll(record -> {
        emitted[0]++;
        try {
          output.collect(record); // the operators chained after the source run inside this call
        } catch (RuntimeException e) {
          downstream[0] = e;
          throw e;
        }
      });
    } catch (Exception e) {
      if (e == downstream[0]) {
        throw downstream[0]; // a chained stage failed the task: not the source's failure
      }
      throw failed(e, "its poll threw");
    }
    if (!more) {
      exhausted = true;
      if (resumable != null) {
        endPosition = position(); // held open for the end call, after Flink's final checkpoint
      } else {
        closeSource();
      }
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

  /**
   * The split as it stands at this checkpoint: with the resumable source's position (noted, to be
   * given back when the checkpoint completes), without one for another source (read again from
   * its start), none once the source ended (nothing is left to read).
   */
  @Override
  public List<WholeSourceSplit> snapshotState(long checkpointId) {
    if (exhausted) {
      if (endPosition != null && source != null) {
        snapshots.taken(checkpointId, endPosition, true);
      }
      return List.of();
    }
    if (source == null) {
      return List.of(); // no split yet: the enumerator still holds it
    }
    if (resumable == null) {
      return List.of(WholeSourceSplit.fromStart());
    }
    String position = position();
    snapshots.taken(checkpointId, position, false);
    return List.of(WholeSourceSplit.at(position));
  }

  /**
   * Tells a resumable source that the checkpoint completed, with the position it gave for it (the
   * newest one up to it, if Flink skipped a notification); a source that heard its end position
   * is closed.
   */
  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    SnapshottedPositions.Snapshot completed = snapshots.completed(checkpointId);
    if (completed == null || source == null) {
      return;
    }
    try {
      resumable.checkpointCompleted(completed.position());
    } catch (Exception e) {
      throw failed(e, "its checkpointCompleted(" + completed.position() + ") threw");
    }
    if (completed.atEnd()) {
      closeSource();
    }
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) {
    snapshots.aborted(checkpointId);
  }

  @Override
  public void close() {
    closeSource();
  }

  private String position() {
    try {
      return resumable.position();
    } catch (RuntimeException e) {
      throw failed(e, "its position() threw");
    }
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

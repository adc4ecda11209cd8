package io.sluice.flink;

import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Sluice source node as a bounded Flink {@link Source} (the FLIP-27 API): one split, the whole
 * source, given to the first reader that registers; a reader makes its own instance from the
 * shipped factory. A source that never ends keeps the job running, as on the local runner.
 */
final class SluiceSource implements Source<Object, WholeSourceSplit, Void> {
  private static final long serialVersionUID = 1L;
  private final ShippedStage stage;

  SluiceSource(ShippedStage stage) {
    this.stage = stage;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<WholeSourceSplit, Void> createEnumerator(
      SplitEnumeratorContext<WholeSourceSplit> context) {
    return new Enumerator(context, false);
  }

  @Override
  public SplitEnumerator<WholeSourceSplit, Void> restoreEnumerator(
      SplitEnumeratorContext<WholeSourceSplit> context, Void checkpoint) {
    // the split is restored with the reader it was assigned to, so none is left to assign
    return new Enumerator(context, true);
  }

  @Override
  public SimpleVersionedSerializer<WholeSourceSplit> getSplitSerializer() {
    return new WholeSourceSplit.Serializer<>(WholeSourceSplit.INSTANCE);
  }

  @Override
  public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
    return new WholeSourceSplit.Serializer<>(null);
  }

  @Override
  public SourceReader<Object, WholeSourceSplit> createReader(SourceReaderContext context) {
    return new SluiceSourceReader(stage);
  }

  /** Assigns the one split to the first reader and tells every reader there are no more. */
  private static final class Enumerator implements SplitEnumerator<WholeSourceSplit, Void> {
    private final SplitEnumeratorContext<WholeSourceSplit> context;
    private boolean assigned;

    Enumerator(SplitEnumeratorContext<WholeSourceSplit> context, boolean assigned) {
      this.context = context;
      this.assigned = assigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<WholeSourceSplit> splits, int subtaskId) {
      assigned = false;
      addReader(subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
      if (!assigned) {
        assigned = true;
        context.assignSplit(WholeSourceSplit.INSTANCE, subtaskId);
      }
      context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public Void snapshotState(long checkpointId) {
      return null;
    }

    @Override
    public void close() {}
  }
}

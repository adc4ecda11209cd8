package io.sluice.flink;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Sluice source node as a bounded Flink {@link Source} (the FLIP-27 API): one split, the whole
 * source, given to the first reader that registers ({@link WholeSourceEnumerator}); a reader makes
 * its own instance from the shipped factory ({@link SluiceSourceReader}), and keeps a resumable
 * source's position in the split it checkpoints. A source that never ends keeps the job running,
 * as on the local runner.
 */
final class SluiceSource implements Source<Object, WholeSourceSplit, Boolean> {
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
  public SplitEnumerator<WholeSourceSplit, Boolean> createEnumerator(
      SplitEnumeratorContext<WholeSourceSplit> context) {
    return new WholeSourceEnumerator(context, false);
  }

  @Override
  public SplitEnumerator<WholeSourceSplit, Boolean> restoreEnumerator(
      SplitEnumeratorContext<WholeSourceSplit> context, Boolean assigned) {
    // once assigned, the split is restored with the reader's state, position included
    return new WholeSourceEnumerator(context, assigned);
  }

  @Override
  public SimpleVersionedSerializer<WholeSourceSplit> getSplitSerializer() {
    return new WholeSourceSplit.Serializer();
  }

  @Override
  public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
    return new WholeSourceEnumerator.StateSerializer();
  }

  @Override
  public SourceReader<Object, WholeSourceSplit> createReader(SourceReaderContext context) {
    return new SluiceSourceReader(stage);
  }
}

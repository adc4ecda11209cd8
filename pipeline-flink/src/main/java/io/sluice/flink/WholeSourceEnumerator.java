package io.sluice.flink;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Assigns the one split of a Sluice source to the first reader that registers and tells every
 * other reader there are none (the one with the split ends once its source is read). Its checkpointed state says whether the split was assigned: once it
 * is, the split and its position live in the reader's state; a split Flink gives back (its reader
 * failed before a checkpoint held it) is assigned again as given back.
 */
final class WholeSourceEnumerator implements SplitEnumerator<WholeSourceSplit, Boolean> {
  private final SplitEnumeratorContext<WholeSourceSplit> context;
  private WholeSourceSplit unassigned;

  WholeSourceEnumerator(SplitEnumeratorContext<WholeSourceSplit> context, boolean assigned) {
    this.context = context;
    this.unassigned = assigned ? null : WholeSourceSplit.fromStart();
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {}

  @Override
  public void addSplitsBack(List<WholeSourceSplit> splits, int subtaskId) {
    if (!splits.isEmpty()) {
      unassigned = splits.get(0);
      if (context.registeredReaders().containsKey(subtaskId)) {
        addReader(subtaskId);
      }
    }
  }

  @Override
  public void addReader(int subtaskId) {
    if (unassigned != null) {
      context.assignSplit(unassigned, subtaskId);
      unassigned = null;
      // no event after the split: its reader ends by itself once the source is read, and an
      // event that reaches a reader which failed meanwhile is lost, which Flink answers with a
      // failover whose cause then hides the source's own failure
      return;
    }
    context.signalNoMoreSplits(subtaskId);
  }

  @Override
  public Boolean snapshotState(long checkpointId) {
    return unassigned == null;
  }

  @Override
  public void close() {}

  /**
   * Writes and reads the state: version 2 one byte, whether the split was assigned; version 1,
   * written before the state was kept, is empty and reads as assigned (what a restored
   * enumerator assumed then).
   */
  static final class StateSerializer implements SimpleVersionedSerializer<Boolean> {
    static final int VERSION = 2;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(Boolean assigned) {
      return new byte[] {(byte) (assigned ? 1 : 0)};
    }

    @Override
    public Boolean deserialize(int version, byte[] serialized) throws IOException {
      if (version == 1) {
        return true;
      }
      if (version != VERSION || serialized.length != 1) {
        throw new IOException("unknown version " + version + " (" + serialized.length
            + " bytes) of a Sluice source's enumerator state");
      }
      return serialized[0] != 0;
    }
  }
}

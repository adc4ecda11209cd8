package io.sluice.flink;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The positions a reader's source gave for the checkpoints not yet completed, by checkpoint id.
 * Flink may skip the completion of a checkpoint (a later one subsumes it) and completes them in
 * order, so a completion hands out the newest position taken at or before it and forgets the
 * older ones; an aborted checkpoint's position is dropped. Used on the reader's thread only.
 */
final class SnapshottedPositions {
  /** A position and whether the source had ended when it was taken. */
  record Snapshot(String position, boolean atEnd) {}

  private final NavigableMap<Long, Snapshot> pending = new TreeMap<>();

  void taken(long checkpointId, String position, boolean atEnd) {
    pending.put(checkpointId, new Snapshot(position, atEnd));
  }

  /** Returns the position of the newest checkpoint up to {@code checkpointId}, or {@code null}. */
  Snapshot completed(long checkpointId) {
    NavigableMap<Long, Snapshot> covered = pending.headMap(checkpointId, true);
    Map.Entry<Long, Snapshot> newest = covered.lastEntry();
    covered.clear();
    return newest == null ? null : newest.getValue();
  }

  void aborted(long checkpointId) {
    pending.remove(checkpointId);
  }
}

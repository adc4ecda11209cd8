package io.sluice.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * A Sluice {@link io.sluice.api.Source} as one Flink split: the whole source, read by one reader,
 * with the position to reopen it at. A split the enumerator assigns has none (the source is read
 * from its start); the split a reader snapshots carries the {@link
 * io.sluice.api.ResumableSource#position()} of its source at that checkpoint, so a job restored
 * from the checkpoint reopens the source there ({@code openAt}). A source that is not resumable
 * is snapshotted without a position and read again from its start.
 */
final class WholeSourceSplit implements SourceSplit {
  private static final WholeSourceSplit FROM_START = new WholeSourceSplit(null);
  private final String position;

  private WholeSourceSplit(String position) {
    this.position = position;
  }

  /** The split of a source read from its start. */
  static WholeSourceSplit fromStart() {
    return FROM_START;
  }

  /** The split of a source to reopen at {@code position}, one its {@code position()} gave. */
  static WholeSourceSplit at(String position) {
    if (position == null) {
      throw new IllegalArgumentException("a resumable source's position() returned null");
    }
    return new WholeSourceSplit(position);
  }

  /** Returns where to reopen the source, or empty to read it from its start. */
  Optional<String> position() {
    return Optional.ofNullable(position);
  }

  @Override
  public String splitId() {
    return "whole";
  }

  @Override
  public String toString() {
    return position == null ? "whole source from its start" : "whole source at " + position;
  }

  /**
   * Writes and reads a split. Version 2 writes whether there is a position, then its UTF-8 bytes
   * (a length, not {@code writeUTF}: a position of many Kafka partitions may pass 64 KB); version
   * 1, written before positions were kept, is empty and reads as a split from the start.
   */
  static final class Serializer implements SimpleVersionedSerializer<WholeSourceSplit> {
    static final int VERSION = 2;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(WholeSourceSplit split) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(64);
      out.writeBoolean(split.position != null);
      if (split.position != null) {
        byte[] utf8 = split.position.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
      return out.getCopyOfBuffer();
    }

    @Override
    public WholeSourceSplit deserialize(int version, byte[] serialized) throws IOException {
      if (version == 1) {
        return FROM_START;
      }
      if (version != VERSION) {
        throw new IOException("unknown version " + version + " of a Sluice source split");
      }
      DataInputDeserializer in = new DataInputDeserializer(serialized);
      if (!in.readBoolean()) {
        return FROM_START;
      }
      byte[] utf8 = new byte[in.readInt()];
      in.readFully(utf8);
      return new WholeSourceSplit(new String(utf8, StandardCharsets.UTF_8));
    }
  }
}

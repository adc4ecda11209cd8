package io.sluice.flink;

import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Sluice {@link io.sluice.api.Source} as one Flink split: the whole source, read by one reader.
 * A Sluice source has no position to resume from, so the split carries none.
 */
final class WholeSourceSplit implements SourceSplit {
  static final WholeSourceSplit INSTANCE = new WholeSourceSplit();

  private WholeSourceSplit() {}

  @Override
  public String splitId() {
    return "whole";
  }

  /** Writes and reads the split (nothing to write), and the enumerator's state likewise. */
  static final class Serializer<T> implements SimpleVersionedSerializer<T> {
    private final T value;

    Serializer(T value) {
      this.value = value;
    }

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(T obj) {
      return new byte[0];
    }

    @Override
    public T deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("unknown version " + version + " of a Sluice source split");
      }
      return value;
    }
  }
}

package io.sluice.benchmarks.flink;

import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The three-stage workload written directly against Flink's DataStream API: a sequence source
 * looked up in the run's items, {@code map(inc)}, {@code map(triple)}, {@code filter(even)}, and a
 * Sink v2 adding to a checksum; parallelism 1 with object reuse, so the whole job is one chain as
 * Sluice-on-Flink's is. The items and the checksum are handed over in this JVM (the benchmark's
 * MiniCluster runs here), as Sluice-on-Flink hands over its source and sink by reference.
 */
public final class HandWrittenFlinkJob {
  private static final AtomicReference<Item[]> ITEMS = new AtomicReference<>();
  private static final AtomicReference<Checksum> CHECKSUM = new AtomicReference<>();

  private HandWrittenFlinkJob() {}

  /**
   * Runs the job on the context environment and returns the checksum of what reached the sink.
   *
   * @param items the records
   * @return the checksum
   * @throws Exception if the job fails
   */
  public static Checksum run(Item[] items) throws Exception {
    ITEMS.set(items);
    Checksum checksum = new Checksum();
    CHECKSUM.set(checksum);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    env.fromSequence(0, items.length - 1)
        .map(i -> ITEMS.get()[(int) (long) i])
        .map(Work::inc)
        .map(Work::triple)
        .filter(Work::keep)
        .sinkTo(new ChecksumSink());
    env.execute("hand-written three stages");
    return checksum;
  }

  /** Adds every item to the run's checksum. */
  private static final class ChecksumSink implements Sink<Item> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<Item> createWriter(WriterInitContext context) {
      Checksum checksum = CHECKSUM.get();
      return new SinkWriter<>() {
        @Override
        public void write(Item item, Context ctx) {
          checksum.add(item);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}

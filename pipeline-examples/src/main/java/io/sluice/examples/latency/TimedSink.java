package io.sluice.examples.latency;

import io.sluice.api.PipelineClock;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.List;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Wraps a sink and records, for each record, the time from a moment stamped on the record (by
 * the pipeline clock) to the return of the write that took it: for a database sink, the time until
 * the record was committed. The histogram is written by the sink's thread only; read it after the
 * run has ended.
 *
 * @param <T> the type of the records written
 */
public final class TimedSink<T> implements Sink<T> {
  private final Sink<T> inner;
  private final ToLongFunction<? super T> stampedNanos;
  private final Histogram latencyNanos = new Histogram(3);
  private PipelineClock clock;

  /**
   * Wraps a sink.
   *
   * @param inner the sink that writes
   * @param stampedNanos reads the pipeline-clock time a record was stamped with
   */
  public TimedSink(Sink<T> inner, ToLongFunction<? super T> stampedNanos) {
    this.inner = inner;
    this.stampedNanos = stampedNanos;
  }

  /**
   * Returns the latencies recorded so far, in nanoseconds; read it after the run.
   *
   * @return the histogram
   */
  public Histogram latencyNanos() {
    return latencyNanos;
  }

  @Override
  public void open(StageContext context) throws Exception {
    clock = context.clock();
    inner.open(context);
  }

  @Override
  public void write(T record) throws Exception {
    inner.write(record);
    latencyNanos.recordValue(Math.max(0, clock.nanoTime() - stampedNanos.applyAsLong(record)));
  }

  @Override
  public void writeBatch(List<T> batch) throws Exception {
    inner.writeBatch(batch);
    long now = clock.nanoTime();
    for (T record : batch) {
      latencyNanos.recordValue(Math.max(0, now - stampedNanos.applyAsLong(record)));
    }
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }
}

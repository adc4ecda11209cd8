package io.sluice.examples.sales;

import io.sluice.api.PipelineClock;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Wraps the save sink and records, for each sale, the time from validation to the return of the
 * write that committed it. The histogram is written by the sink's thread only; read it after the
 * run has ended.
 */
final class TimedSink implements Sink<PricedSale> {
  private final Sink<PricedSale> inner;
  private final Histogram latencyNanos = new Histogram(3);
  private PipelineClock clock;

  TimedSink(Sink<PricedSale> inner) {
    this.inner = inner;
  }

  Histogram latencyNanos() {
    return latencyNanos;
  }

  @Override
  public void open(StageContext context) throws Exception {
    clock = context.clock();
    inner.open(context);
  }

  @Override
  public void write(PricedSale sale) throws Exception {
    inner.write(sale);
    latencyNanos.recordValue(Math.max(0, clock.nanoTime() - sale.sale().seenNanos()));
  }

  @Override
  public void writeBatch(List<PricedSale> batch) throws Exception {
    inner.writeBatch(batch);
    long now = clock.nanoTime();
    for (PricedSale sale : batch) {
      latencyNanos.recordValue(Math.max(0, now - sale.sale().seenNanos()));
    }
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }
}

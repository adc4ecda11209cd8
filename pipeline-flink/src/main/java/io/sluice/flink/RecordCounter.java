package io.sluice.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records through unchanged, counting them in an accumulator: after a source (what it
 * produced) and on each edge into a merging stage (what crossed that edge). Chained to the
 * operator before it, so it costs a call and an increment.
 */
final class RecordCounter extends RichMapFunction<Object, Object> {
  private static final long serialVersionUID = 1L;
  private final String accumulator;
  private transient LongCounter count;

  RecordCounter(String accumulator) {
    this.accumulator = accumulator;
  }

  @Override
  public void open(OpenContext context) {
    count = new LongCounter();
    getRuntimeContext().addAccumulator(accumulator, count);
  }

  @Override
  public Object map(Object record) {
    count.add(1L);
    return record;
  }
}

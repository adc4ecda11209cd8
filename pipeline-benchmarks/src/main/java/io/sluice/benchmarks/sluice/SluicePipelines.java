package io.sluice.benchmarks.sluice;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.function.Supplier;

/** The Sluice blueprints the benchmarks run, built only through the public DSL. */
public final class SluicePipelines {
  private SluicePipelines() {}

  /**
   * The three-stage pipeline: source, {@code inc}, {@code triple}, {@code even} filter, sink; each
   * stage and the sink on its own ring and thread, all with the same dispatch.
   *
   * @param items the records the source emits
   * @param dispatch the dispatch of every stage and of the sink
   * @param sink where the surviving records go
   * @return the blueprint
   */
  public static Pipeline<Item> threeStages(Item[] items, Dispatch dispatch, ChecksumSink sink) {
    return threeStages(() -> new ItemSource(items), dispatch, sink);
  }

  /**
   * The three-stage pipeline reading from a fresh source per run.
   *
   * @param source makes the source of each run
   * @param dispatch the dispatch of every stage and of the sink
   * @param sink where the surviving records go
   * @return the blueprint
   */
  public static Pipeline<Item> threeStages(Supplier<? extends Source<Item>> source,
      Dispatch dispatch, Sink<Item> sink) {
    return Pipeline.named("bench-" + (dispatch.isBatched() ? "batched" : "per-record"))
        .from("source", source)
        .map("inc", Work::inc).withDispatch(dispatch)
        .map("triple", Work::triple).withDispatch(dispatch)
        .filter("even", Work::keep).withDispatch(dispatch)
        .to("sink", sink, dispatch);
  }

  /**
   * A source feeding a sink directly: the sink's dispatch is all that differs between runs.
   *
   * @param items the records the source emits
   * @param sink the sink
   * @param dispatch the sink's dispatch
   * @return the blueprint
   */
  public static Pipeline<Item> sourceToSink(Item[] items, CostlySink sink, Dispatch dispatch) {
    return Pipeline.named("sink-cost")
        .from("source", () -> new ItemSource(items))
        .to("sink", sink, dispatch);
  }
}

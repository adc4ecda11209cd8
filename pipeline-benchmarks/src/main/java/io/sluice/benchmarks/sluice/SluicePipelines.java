package io.sluice.benchmarks.sluice;

import io.sluice.api.Dispatch;
import io.sluice.api.Fusion;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.function.Supplier;

/** The Sluice blueprints the benchmarks run, built only through the public DSL. */
public final class SluicePipelines {
  private SluicePipelines() {}

  /** Which threads the three stages and the sink of {@link #threeStages} run on. */
  public enum Threads {
    /** Every stage and the sink on its own ring and thread (the stages say {@code ownThread()}). */
    RING_PER_STAGE,
    /** The three stages fused onto the source's thread; the sink on its own ring and thread. */
    STAGES_FUSED,
    /** The stages and the sink all fused onto the source's thread: no ring at all. */
    ONE_THREAD
  }

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
    return threeStages(() -> new ItemSource(items), dispatch, sink, Threads.RING_PER_STAGE);
  }

  /**
   * The three-stage pipeline with its stages placed on threads as {@code threads} says.
   *
   * @param items the records the source emits
   * @param dispatch the dispatch of every stage and of the sink
   * @param sink where the surviving records go
   * @param threads which stages share a thread
   * @return the blueprint
   */
  public static Pipeline<Item> threeStages(Item[] items, Dispatch dispatch, ChecksumSink sink,
      Threads threads) {
    return threeStages(() -> new ItemSource(items), dispatch, sink, threads);
  }

  /**
   * The three-stage pipeline reading from a fresh source per run, each stage on its own thread.
   *
   * @param source makes the source of each run
   * @param dispatch the dispatch of every stage and of the sink
   * @param sink where the surviving records go
   * @return the blueprint
   */
  public static Pipeline<Item> threeStages(Supplier<? extends Source<Item>> source,
      Dispatch dispatch, Sink<Item> sink) {
    return threeStages(source, dispatch, sink, Threads.RING_PER_STAGE);
  }

  /**
   * The three-stage pipeline reading from a fresh source per run.
   *
   * @param source makes the source of each run
   * @param dispatch the dispatch of every stage and of the sink
   * @param sink where the surviving records go
   * @param threads which stages share a thread
   * @return the blueprint
   */
  public static Pipeline<Item> threeStages(Supplier<? extends Source<Item>> source,
      Dispatch dispatch, Sink<Item> sink, Threads threads) {
    Fusion stages = threads == Threads.RING_PER_STAGE ? Fusion.OWN_THREAD : Fusion.FUSED;
    PipelineBuilder<Item, Item> chain = Pipeline.named("bench-"
            + (dispatch.isBatched() ? "batched" : "per-record"))
        .from("source", source);
    chain = place(chain.map("inc", Work::inc).withDispatch(dispatch), stages);
    chain = place(chain.map("triple", Work::triple).withDispatch(dispatch), stages);
    chain = place(chain.filter("even", Work::keep).withDispatch(dispatch), stages);
    return chain.to("sink", sink, StageOptions.defaults().withDispatch(dispatch)
        .withFusion(threads == Threads.ONE_THREAD ? Fusion.FUSED : Fusion.OWN_THREAD));
  }

  private static PipelineBuilder<Item, Item> place(PipelineBuilder<Item, Item> chain,
      Fusion fusion) {
    return fusion == Fusion.FUSED ? chain.fused() : chain.ownThread();
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

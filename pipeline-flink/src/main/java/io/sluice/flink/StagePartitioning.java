package io.sluice.flink;

import io.sluice.api.Parallelism;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * How a node's input is spread over its subtasks, from the stage's {@link Parallelism}: a stage
 * without one takes the runner's parallelism and Flink's default wiring; {@code unordered(n)}
 * becomes n subtasks fed round-robin ({@code rebalance}); {@code keyed(n, key)} n subtasks fed by
 * {@code keyBy} on the stage's key function, so a key always reaches the same subtask and keeps
 * its order. {@code ordered(n)} is refused: Flink keeps no order across subtasks.
 */
final class StagePartitioning {
  private final int workers;
  private final Parallelism.Ordering ordering;
  private final StageKey key;

  private StagePartitioning(int workers, Parallelism.Ordering ordering, StageKey key) {
    this.workers = workers;
    this.ordering = ordering;
    this.key = key;
  }

  /**
   * Reads a node's parallel setting.
   *
   * @throws IllegalArgumentException naming the stage if it is ordered over several workers, or
   *     keyed by a function that cannot be shipped
   */
  static StagePartitioning of(String pipelineName, StageDefinition def) {
    Parallelism parallelism = def.options().parallelism();
    if (!parallelism.isParallel()) {
      return new StagePartitioning(0, null, null);
    }
    String stage = "stage '" + def.name() + "' of pipeline '" + pipelineName + "'";
    switch (parallelism.ordering()) {
      case ORDERED:
        throw new IllegalArgumentException(stage + " is " + parallelism + ", which the Flink "
            + "runner cannot run: Flink keeps no order across an operator's subtasks. Use "
            + "Parallelism.keyed(" + parallelism.workers() + ", key) to keep each key's order, "
            + "or Parallelism.unordered(" + parallelism.workers() + ")");
      case KEYED:
        Function<Object, ?> fn = parallelism.key().orElseThrow();
        if (!(fn instanceof Serializable) || !ShippedFailure.serializable(fn)) {
          throw new IllegalArgumentException(stage + " is keyed by a function that cannot be "
              + "shipped to Flink's tasks (" + fn.getClass().getName() + "): give a Serializable "
              + "key function, e.g. (Function<Order, String> & Serializable) Order::customer");
        }
        return new StagePartitioning(parallelism.workers(), parallelism.ordering(),
            new StageKey(pipelineName, def.name(), fn));
      default:
        return new StagePartitioning(parallelism.workers(), parallelism.ordering(), null);
    }
  }

  /** The node's parallelism: its workers if it has several, the runner's otherwise. */
  int parallelism(int runnerParallelism) {
    return workers > 1 ? workers : runnerParallelism;
  }

  /** The node's input, spread over its subtasks as its setting says. */
  DataStream<Object> spread(DataStream<Object> in) {
    if (workers <= 1) {
      return in;
    }
    return ordering == Parallelism.Ordering.KEYED ? in.keyBy(key, Types.INT) : in.rebalance();
  }

  /**
   * The stage's key function as a Flink key. Flink sends a key to the subtask its
   * {@code hashCode()} picks; keying by that hash sends every record where keying by the key itself
   * would, while the key's type needs no Flink type information. A key function that throws or
   * returns {@code null} fails the run naming the stage and the record, as on the local runner.
   */
  private record StageKey(String pipelineName, String stage, Function<Object, ?> key)
      implements KeySelector<Object, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Object record) {
      Object k;
      try {
        k = Objects.requireNonNull(key.apply(record), "the key function returned null");
      } catch (RuntimeException e) {
        throw new StageFailedException(pipelineName, stage, record, null, e,
            "its key function failed");
      }
      return k.hashCode();
    }
  }
}

package io.sluice.api;

import java.io.Serializable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The stages behind {@code map}, {@code filter}, {@code flatMap} and {@code divert}. They hold
 * only the user's function, so one instance is shared by every run (the function must be
 * stateless). They are serializable, so a runner can ship them when the function is.
 */
final class FunctionStages {
  /** The side output by which a {@code divert} router feeds its branch. */
  static final SideOutput<Object> DIVERTED = SideOutput.of(PipelineBuilder.DIVERTED, Object.class);

  private FunctionStages() {}

  static <I, O> Stage<I, O> map(Function<? super I, ? extends O> fn) {
    return new MapStage<>(fn);
  }

  static <T> Stage<T, T> filter(Predicate<? super T> keep) {
    return new FilterStage<>(keep);
  }

  static <I, O> Stage<I, O> flatMap(Function<? super I, ? extends Iterable<? extends O>> fn) {
    return new FlatMapStage<>(fn);
  }

  static <T> Stage<T, T> route(Predicate<? super T> when) {
    return new RouteStage<>(when);
  }

  private record MapStage<I, O>(Function<? super I, ? extends O> fn)
      implements Stage<I, O>, Serializable {
    @Override
    public void process(I record, Emitter<O> out) {
      out.emit(fn.apply(record));
    }

    @Override
    public boolean threadSafe() {
      return true; // holds only the user's function, which must be stateless
    }

    @Override
    public String toString() {
      return "map";
    }
  }

  private record FilterStage<T>(Predicate<? super T> keep) implements Stage<T, T>, Serializable {
    @Override
    public void process(T record, Emitter<T> out) {
      if (keep.test(record)) {
        out.emit(record);
      }
    }

    @Override
    public boolean threadSafe() {
      return true; // holds only the user's function, which must be stateless
    }

    @Override
    public String toString() {
      return "filter";
    }
  }

  private record FlatMapStage<I, O>(Function<? super I, ? extends Iterable<? extends O>> fn)
      implements Stage<I, O>, Serializable {
    @Override
    public void process(I record, Emitter<O> out) {
      for (O each : fn.apply(record)) {
        out.emit(each);
      }
    }

    @Override
    public boolean threadSafe() {
      return true; // holds only the user's function, which must be stateless
    }

    @Override
    public String toString() {
      return "flatMap";
    }
  }

  private record RouteStage<T>(Predicate<? super T> when) implements Stage<T, T>, Serializable {
    @Override
    public void process(T record, Emitter<T> out) {
      if (when.test(record)) {
        out.emit(DIVERTED, record);
      } else {
        out.emit(record);
      }
    }

    @Override
    public boolean threadSafe() {
      return true; // holds only the user's function, which must be stateless
    }

    @Override
    public String toString() {
      return "route";
    }
  }
}

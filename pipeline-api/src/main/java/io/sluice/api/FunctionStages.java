package io.sluice.api;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The stages behind {@code map}, {@code filter} and {@code flatMap}. They hold only the user's
 * function, so one instance is shared by every run (the function must be stateless).
 */
final class FunctionStages {
  private FunctionStages() {}

  static <I, O> Stage<I, O> map(Function<? super I, ? extends O> fn) {
    return new Stage<>() {
      @Override
      public void process(I record, Emitter<O> out) {
        out.emit(fn.apply(record));
      }

      @Override
      public String toString() {
        return "map";
      }
    };
  }

  static <T> Stage<T, T> filter(Predicate<? super T> keep) {
    return new Stage<>() {
      @Override
      public void process(T record, Emitter<T> out) {
        if (keep.test(record)) {
          out.emit(record);
        }
      }

      @Override
      public String toString() {
        return "filter";
      }
    };
  }

  static <I, O> Stage<I, O> flatMap(Function<? super I, ? extends Iterable<? extends O>> fn) {
    return new Stage<>() {
      @Override
      public void process(I record, Emitter<O> out) {
        for (O each : fn.apply(record)) {
          out.emit(each);
        }
      }

      @Override
      public String toString() {
        return "flatMap";
      }
    };
  }
}

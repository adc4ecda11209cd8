package io.sluice.testkit.conformance;

import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The sources, stages and functions of the conformance cases: all serializable, so that a runner
 * shipping factories to its tasks runs the same cases.
 */
final class ConformanceStages {
  /** Where {@link SplitEvens} sends even numbers. */
  static final SideOutput<Integer> EVENS = SideOutput.of("evens", Integer.class);

  private ConformanceStages() {}

  /** The numbers {@code from..to}, both included. */
  static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  /** Adds a constant: a serializable function for {@code map}. */
  static Function<Integer, Integer> plus(int n) {
    return (Function<Integer, Integer> & Serializable) x -> x + n;
  }

  /** Keeps even numbers: a serializable predicate for {@code filter} and {@code divert}. */
  static Predicate<Integer> even() {
    return (Predicate<Integer> & Serializable) x -> x % 2 == 0;
  }

  /** Repeats each number as often as it says (0 drops it): a serializable flatMap function. */
  static Function<Integer, Iterable<Integer>> repeatByValue() {
    return (Function<Integer, Iterable<Integer>> & Serializable) x -> Collections.nCopies(x % 3, x);
  }

  /**
   * Emits {@code before}, then nothing (while staying open) until the sink recording under
   * {@code watched} has received {@code atLeast} records, then {@code after}, and ends.
   */
  static final class GatedSource implements Source<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Recorder recorder;
    private final String watched;
    private final int atLeast;
    private final List<Integer> before;
    private final List<Integer> after;
    private boolean sentBefore;

    GatedSource(Recorder recorder, String watched, int atLeast, List<Integer> before,
        List<Integer> after) {
      this.recorder = recorder;
      this.watched = watched;
      this.atLeast = atLeast;
      this.before = List.copyOf(before);
      this.after = List.copyOf(after);
    }

    @Override
    public boolean poll(Emitter<Integer> out) {
      if (!sentBefore) {
        before.forEach(out::emit);
        sentBefore = true;
        return true;
      }
      if (recorder.records(watched).size() < atLeast) {
        return true;
      }
      after.forEach(out::emit);
      return false;
    }
  }

  /** Passes every record on and counts it in the recorder, so a case can wait for arrivals. */
  static final class Counted implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Recorder recorder;
    private final String counter;

    Counted(Recorder recorder, String counter) {
      this.recorder = recorder;
      this.counter = counter;
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      recorder.increment(counter);
      out.emit(record);
    }
  }

  /** Throws on its poison records, called per record. */
  static final class Poisoned implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<Integer> poison;

    Poisoned(Set<Integer> poison) {
      this.poison = Set.copyOf(poison);
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (poison.contains(record)) {
        throw new IllegalArgumentException("poison " + record);
      }
      out.emit(record);
    }
  }

  /**
   * Handles whole batches and throws for a batch holding a poison record, emitting nothing of it:
   * like a database refusing a whole {@code executeBatch}.
   */
  static final class PoisonedBatches implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<Integer> poison;

    PoisonedBatches(Set<Integer> poison) {
      this.poison = Set.copyOf(poison);
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      processBatch(List.of(record), out);
    }

    @Override
    public void processBatch(List<Integer> batch, Emitter<Integer> out) {
      for (Integer record : batch) {
        if (poison.contains(record)) {
          throw new IllegalArgumentException("batch of " + batch.size() + " holds poison " + record);
        }
      }
      batch.forEach(out::emit);
    }
  }

  /** Fails the first {@code failures} calls for each record in {@code flaky}, then passes it. */
  static final class Flaky implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<Integer> flaky;
    private final int failures;
    private final Map<Integer, Integer> calls = new HashMap<>();

    Flaky(Set<Integer> flaky, int failures) {
      this.flaky = Set.copyOf(flaky);
      this.failures = failures;
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (flaky.contains(record) && calls.merge(record, 1, Integer::sum) <= failures) {
        throw new IllegalStateException("transient failure on " + record);
      }
      out.emit(record);
    }
  }

  /** Sends even numbers to {@link #EVENS} and odd ones to its main output. */
  static final class SplitEvens implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record % 2 == 0) {
        out.emit(EVENS, record);
      } else {
        out.emit(record);
      }
    }
  }
}

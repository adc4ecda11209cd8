package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An {@code Error} a stage throws is a failure like any other: it takes the stage's error policy,
 * per record and inside a batch (where the poison record is isolated); only errors that say the
 * JVM or the class path is broken fail the run whatever the policy.
 */
class ErrorsTakeThePolicyTest {
  private static final List<Integer> INPUT = IntStream.range(0, 100).boxed().toList();

  private final List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());

  /** Throws {@code error} on record 42, in {@code write} and in {@code writeBatch}. */
  private static Sink<Integer> failingOn42(Supplier<Error> error, List<Integer> written) {
    return new Sink<>() {
      @Override
      public void write(Integer record) {
        if (record == 42) {
          throw error.get();
        }
        written.add(record);
      }

      @Override
      public void writeBatch(List<Integer> batch) {
        if (batch.contains(42)) {
          throw error.get();
        }
        written.addAll(batch);
      }
    };
  }

  @ParameterizedTest(name = "batched={0}")
  @ValueSource(booleans = {false, true})
  void anAssertionErrorIsSkippedAndAStackOverflowIsDeadLettered(boolean batched) throws Exception {
    Dispatch dispatch = batched ? Dispatch.batched(10) : Dispatch.perRecord();
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    PipelineReport skipped = Pipeline.from("in", Source.fromIterable(INPUT))
        .to("save", failingOn42(() -> new AssertionError("bad 42"), written), dispatch,
            ErrorPolicy.skip())
        .run();

    assertThat(skipped.stage("save").skipped()).isEqualTo(1);
    assertThat(written).hasSize(99).doesNotContain(42);
    assertThat(skipped.accountingBreaches()).isEmpty();

    written.clear();
    PipelineReport parked = Pipeline.from("in", Source.fromIterable(INPUT))
        .to("save", failingOn42(() -> new StackOverflowError("deep 42"), written), dispatch,
            ErrorPolicy.retry(2, Duration.ofMillis(1), Duration.ofMillis(1))
                .thenDeadLetter(letters::add))
        .run();

    assertThat(parked.stage("save").deadLettered()).isEqualTo(1);
    assertThat(written).hasSize(99).doesNotContain(42);
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.record()).isEqualTo(42);
      assertThat(letter.exception()).isInstanceOf(StackOverflowError.class);
      // per record: the two attempts; in a batch, the batch's two and the calls that isolated it
      assertThat(letter.attempts()).isEqualTo(batched ? 5 : 2);
    });
    assertThat(parked.accountingBreaches()).isEmpty();
  }

  @ParameterizedTest(name = "batched={0}")
  @ValueSource(booleans = {false, true})
  void anErrorOfABrokenJvmOrClassPathFailsTheRunWhateverThePolicy(boolean batched) {
    Dispatch dispatch = batched ? Dispatch.batched(10) : Dispatch.perRecord();
    for (Supplier<Error> fatal : List.<Supplier<Error>>of(
        () -> new OutOfMemoryError("no room for 42"),
        () -> new NoClassDefFoundError("io/acme/Missing"))) {
      List<Integer> written = Collections.synchronizedList(new ArrayList<>());
      assertThatThrownBy(() -> Pipeline.from("in", Source.fromIterable(INPUT))
          .to("save", failingOn42(fatal, written), dispatch, ErrorPolicy.skip()).run())
          .isInstanceOf(StageFailedException.class)
          .hasMessageContaining("save")
          .hasCauseInstanceOf(fatal.get().getClass());
    }
  }
}

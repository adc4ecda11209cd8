package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a dead-letter sink is shown: its given name, its own toString, or a readable fallback. */
class DeadLetterNamesTest {
  private final List<DeadLetter> parked = new ArrayList<>();
  private final ErrorPolicy retry = ErrorPolicy.retry(3, Duration.ofMillis(50), Duration.ofSeconds(1));

  /** A sink class without a toString of its own. */
  static final class ParkingTable implements Sink<DeadLetter> {
    @Override
    public void write(DeadLetter letter) { }
  }

  @Test
  void aNamedSinkIsDescribedByItsName() {
    Sink<DeadLetter> sink = parked::add;
    Pipeline<Integer> pipeline = Pipeline.named("orders").from("read", Source.of(1, 2))
        .map("parse", x -> x).withErrorPolicy(ErrorPolicy.deadLetter("rejected rows", sink))
        .to("save", x -> { }, Dispatch.batched(3), retry.thenDeadLetter("rejected rows", sink));

    assertThat(pipeline.describe())
        .contains("on error deadLetter(rejected rows)\n")
        .contains("on error retry(3, 50ms, 1s).thenDeadLetter(rejected rows)\n")
        .doesNotContain("$$Lambda");
    ErrorPolicy named = pipeline.stage("parse").errorPolicy();
    assertThat(named.deadLetterName()).hasValue("rejected rows");
    assertThat(named.deadLetterSink()).containsSame(sink);   // the sink itself, not a wrapper
  }

  @Test
  void anUnnamedSinkIsShownReadably() {
    Sink<DeadLetter> lambda = letter -> parked.add(letter);
    Sink<DeadLetter> methodReference = parked::add;
    Sink<DeadLetter> anonymous = new Sink<>() {
      @Override
      public void write(DeadLetter letter) { }
    };

    assertThat(ErrorPolicy.deadLetter(lambda)).hasToString("deadLetter(lambda)");
    assertThat(ErrorPolicy.deadLetter(methodReference)).hasToString("deadLetter(lambda)");
    assertThat(retry.thenDeadLetter(methodReference))
        .hasToString("retry(3, 50ms, 1s).thenDeadLetter(lambda)");
    assertThat(ErrorPolicy.deadLetter(anonymous)).hasToString("deadLetter(anonymous)");
    assertThat(ErrorPolicy.deadLetter(new ParkingTable())).hasToString("deadLetter(ParkingTable)");
    assertThat(ErrorPolicy.deadLetter(new ParkingTable()).deadLetterName()).hasValue("ParkingTable");
  }

  @Test
  void aSinksOwnToStringIsReadWhenDescribed() {
    StringBuilder label = new StringBuilder("not opened");
    Sink<DeadLetter> labelled = new Sink<>() {
      @Override
      public void write(DeadLetter letter) { }

      @Override
      public String toString() {
        return label.toString();
      }
    };
    ErrorPolicy policy = ErrorPolicy.deadLetter(labelled);
    label.replace(0, label.length(), "parked orders");
    assertThat(policy).hasToString("deadLetter(parked orders)");   // read late, not at creation
  }

  @Test
  void otherActionsHaveNoDeadLetterName() {
    assertThat(ErrorPolicy.failFast().deadLetterName()).isEmpty();
    assertThat(ErrorPolicy.skip(3).deadLetterName()).isEmpty();
    assertThat(ErrorPolicy.deadLetter("parked", parked::add).thenSkip().deadLetterName()).isEmpty();
  }

  @Test
  void theNameTakesPartInEquality() {
    Sink<DeadLetter> sink = parked::add;
    assertThat(ErrorPolicy.deadLetter("parked", sink))
        .isEqualTo(ErrorPolicy.deadLetter("parked", sink))
        .hasSameHashCodeAs(ErrorPolicy.deadLetter("parked", sink))
        .isNotEqualTo(ErrorPolicy.deadLetter("rejected", sink))
        .isNotEqualTo(ErrorPolicy.deadLetter(sink));
  }

  @Test
  void aMissingOrBlankNameIsRejected() {
    Sink<DeadLetter> sink = parked::add;
    assertThatThrownBy(() -> ErrorPolicy.deadLetter(null, sink))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dead-letter sink name must not be null");
    assertThatThrownBy(() -> ErrorPolicy.deadLetter(" ", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the dead-letter sink name must not be blank but was ' '");
    assertThatThrownBy(() -> retry.thenDeadLetter("parked", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dead-letter sink must not be null");
  }
}

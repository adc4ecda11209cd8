package io.sluice.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FraudRulesTest {
  private static final long T0 = 1_709_283_600_000L;

  private FraudRules rules;
  private long nextId;

  @BeforeEach
  void freshRules() {
    rules = new FraudRules();
    nextId = 1;
  }

  /**
   * Feeds one transaction and returns the rules it broke: the alerts emitted to
   * {@link FraudRules#ALERTS}, after checking that the transaction itself went on, alone and last.
   */
  private List<Rule> feed(String card, double amount, City city, long atMillis) {
    CardTransaction tx = new CardTransaction(nextId++, card, amount, city, T0 + atMillis, 0);
    List<Object> emitted = new ArrayList<>();
    rules.process(tx, new Emitter<>() {
      @Override
      public void emit(CardTransaction record) {
        emitted.add(record);
      }

      @Override
      public <X> void emit(SideOutput<X> output, X record) {
        assertThat(output).isEqualTo(FraudRules.ALERTS);
        emitted.add(record);
      }
    });
    assertThat(emitted).last().isSameAs(tx);
    List<Object> alerts = emitted.subList(0, emitted.size() - 1);
    assertThat(alerts).allSatisfy(alert -> assertThat(alert).isInstanceOf(Alert.class)
        .extracting("transaction").isSameAs(tx));
    return alerts.stream().map(alert -> ((Alert) alert).rule()).toList();
  }

  @Test
  void anAmountOverTenTimesTheAverageIsASpikeOnceTheCardHasHistory() {
    assertThat(feed("a", 5_000, City.PARIS, 0)).isEmpty(); // no history yet
    rules = new FraudRules();
    for (int i = 0; i < 3; i++) {
      assertThat(feed("b", 50, City.PARIS, i * 20_000L)).isEmpty();
      assertThat(feed("c", 50, City.PARIS, i * 20_000L)).isEmpty();
    }
    assertThat(feed("b", 500, City.PARIS, 60_000)).isEmpty(); // exactly 10x
    assertThat(feed("c", 500.01, City.PARIS, 60_000)).containsExactly(Rule.AMOUNT_SPIKE);
  }

  @Test
  void theFifthTransactionWithinSixtySecondsRaisesOneVelocityAlert() {
    for (int i = 0; i < 4; i++) {
      assertThat(feed("c", 30, City.ROME, i * 10_000L)).isEmpty();
    }
    assertThat(feed("c", 30, City.ROME, 40_000)).containsExactly(Rule.VELOCITY);
    assertThat(feed("c", 30, City.ROME, 45_000)).isEmpty(); // the same burst: no second alert
  }

  @Test
  void fiveTransactionsSpreadOverMoreThanTheWindowAreFine() {
    for (int i = 0; i < 10; i++) {
      assertThat(feed("d", 30, City.ROME, i * 15_001L)).isEmpty();
    }
  }

  @Test
  void movingFasterThanAPlaneIsImpossibleTravel() {
    assertThat(feed("e", 30, City.PARIS, 0)).isEmpty();
    assertThat(feed("e", 30, City.LYON, 3_600_000)).isEmpty();      // 392 km in an hour
    assertThat(feed("e", 30, City.TOKYO, 7_200_000)).containsExactly(Rule.IMPOSSIBLE_TRAVEL);
    rules = new FraudRules();
    assertThat(feed("f", 30, City.PARIS, 0)).isEmpty();
    assertThat(feed("f", 30, City.NEW_YORK, 8 * 3_600_000L)).isEmpty(); // 730 km/h: a flight
  }

  @Test
  void cardsAreJudgedOnTheirOwnHistory() {
    assertThat(feed("g", 30, City.PARIS, 0)).isEmpty();
    assertThat(feed("h", 30, City.TOKYO, 1_000)).isEmpty();
    for (int i = 0; i < 4; i++) {
      assertThat(feed("card-" + i, 30, City.PARIS, 2_000 + i)).isEmpty();
    }
  }

  @Test
  void distancesAreGreatCircleDistances() {
    assertThat(City.PARIS.distanceKm(City.LONDON)).isBetween(340.0, 350.0);
    assertThat(City.PARIS.distanceKm(City.NEW_YORK)).isBetween(5_830.0, 5_840.0);
    assertThat(City.PARIS.distanceKm(City.PARIS)).isZero();
    for (City home : City.homes()) {
      for (City far : City.farAway()) {
        assertThat(home.distanceKm(far)).isGreaterThan(5_000);
      }
    }
  }
}

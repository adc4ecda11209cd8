package io.sluice.examples.fraud;

import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import io.sluice.api.Stage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks each transaction against three rules, using what it has seen of the card so far. Every
 * transaction goes on along the main output (to be stored); each rule it breaks raises an
 * {@link Alert} on the side output {@link #ALERTS}, emitted before the transaction so the alert
 * leaves first. Time is the feed's event time, so the rules give the same answers however fast
 * the feed is replayed. Keeps per-card state: make one per run.
 */
public final class FraudRules implements Stage<CardTransaction, CardTransaction> {
  /** Where the alerts go: a side output, so they can be handled apart from the transactions. */
  public static final SideOutput<Alert> ALERTS = SideOutput.of("alerts", Alert.class);

  /** An amount over this many times the card's average is a spike. */
  static final double SPIKE_FACTOR = 10;
  /** The transactions a card needs before its average means anything. */
  static final int SPIKE_MIN_HISTORY = 3;
  /** This many transactions on one card within {@link #VELOCITY_WINDOW_MILLIS} raise an alert. */
  static final int VELOCITY_COUNT = 5;
  /** The velocity rule's window. */
  static final long VELOCITY_WINDOW_MILLIS = 60_000;
  /** Faster than this between two cities is impossible (an airliner does about 900 km/h). */
  static final double MAX_SPEED_KMH = 1000;
  /** Closer than this counts as the same place. */
  static final double MIN_TRAVEL_KM = 100;

  private final Map<String, CardHistory> cards = new HashMap<>();

  @Override
  public void process(CardTransaction tx, Emitter<CardTransaction> out) {
    CardHistory card = cards.computeIfAbsent(tx.card(), id -> new CardHistory());
    List<Alert> alerts = new ArrayList<>(0);
    checkSpike(tx, card, alerts);
    checkVelocity(tx, card, alerts);
    checkTravel(tx, card, alerts);
    card.record(tx);
    for (Alert alert : alerts) {
      out.emit(ALERTS, alert);
    }
    out.emit(tx);
  }

  private static void checkSpike(CardTransaction tx, CardHistory card, List<Alert> alerts) {
    if (card.count < SPIKE_MIN_HISTORY) {
      return;
    }
    double average = card.total / card.count;
    if (tx.amount() > SPIKE_FACTOR * average) {
      alerts.add(new Alert(tx, Rule.AMOUNT_SPIKE, String.format(Locale.ROOT,
          "%,.2f EUR is %.1fx the card's average of %,.2f EUR", tx.amount(),
          tx.amount() / average, average)));
    }
  }

  private static void checkVelocity(CardTransaction tx, CardHistory card, List<Alert> alerts) {
    ArrayDeque<Long> recent = card.recentMillis;
    while (!recent.isEmpty() && recent.peekFirst() <= tx.eventMillis() - VELOCITY_WINDOW_MILLIS) {
      recent.pollFirst();
    }
    // == rather than >=: one alert per burst, not one per transaction of it
    if (recent.size() + 1 == VELOCITY_COUNT) {
      alerts.add(new Alert(tx, Rule.VELOCITY, String.format(Locale.ROOT,
          "%d transactions within %d s", VELOCITY_COUNT, VELOCITY_WINDOW_MILLIS / 1000)));
    }
  }

  private static void checkTravel(CardTransaction tx, CardHistory card, List<Alert> alerts) {
    if (card.lastCity == null) {
      return;
    }
    double km = card.lastCity.distanceKm(tx.city());
    if (km < MIN_TRAVEL_KM) {
      return;
    }
    double hours = Math.max(tx.eventMillis() - card.lastMillis, 1) / 3_600_000.0;
    double speed = km / hours;
    if (speed > MAX_SPEED_KMH) {
      alerts.add(new Alert(tx, Rule.IMPOSSIBLE_TRAVEL, String.format(Locale.ROOT,
          "%s -> %s: %,.0f km in %s (%,.0f km/h)", card.lastCity, tx.city(), km,
          duration(tx.eventMillis() - card.lastMillis), speed)));
    }
  }

  private static String duration(long millis) {
    long seconds = millis / 1000;
    return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
  }

  /** What the rules remember of one card. */
  private static final class CardHistory {
    private final ArrayDeque<Long> recentMillis = new ArrayDeque<>();
    private long count;
    private double total;
    private City lastCity;
    private long lastMillis;

    void record(CardTransaction tx) {
      count++;
      total += tx.amount();
      lastCity = tx.city();
      lastMillis = tx.eventMillis();
      recentMillis.addLast(tx.eventMillis());
    }
  }
}

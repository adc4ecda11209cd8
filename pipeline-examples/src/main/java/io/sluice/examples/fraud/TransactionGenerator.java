package io.sluice.examples.fraud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A feed of card transactions with frauds planted in it, the same for the same seed. It knows the
 * truth: {@link #planted()} lists each planted fraud and the rule that must catch it.
 *
 * <p>Honest traffic is shaped so that it can break no rule of {@link FraudRules}: amounts between
 * 20 and 120 EUR (never 10x an average of at least 20), always in the card's home city, and a card
 * is used again only after more than 15 s, so 5 uses span more than the 60 s velocity window.
 * Each fraud breaks exactly one rule, and its card is then blocked and replaced by a new one (as a
 * bank would do), so a fraud never leaves traces that later honest use could trip over:
 * <ul>
 *   <li>spike: 2,000-5,000 EUR on a card with at least 3 honest uses (over 16x any average);
 *   <li>burst: 6 uses 2 s apart on a card unused for over 60 s (the 5th is the 5th in 60 s);
 *   <li>travel: a use in a city over 5,000 km from home less than an hour after the last one.
 * </ul>
 */
public final class TransactionGenerator {
  static final int CARDS = 200;
  private static final long START_MILLIS = Instant.parse("2024-03-01T09:00:00Z").toEpochMilli();
  private static final long REUSE_AFTER_MILLIS = 15_000;
  private static final long BURST_GAP_MILLIS = 2_000;
  private static final int BURST_SIZE = 6;
  private static final long TRAVEL_WITHIN_MILLIS = 3_600_000;
  /** Chances per thousand transactions. */
  private static final int SPIKES = 3;
  private static final int TRAVELS = 3;
  private static final int BURSTS = 2;

  private final SplittableRandom random;
  private final Card[] cards = new Card[CARDS];
  private final List<Fraud> planted = new ArrayList<>();
  private long nextId = 1;
  private long nextSerial = 1;
  private long nowMillis = START_MILLIS;
  private Card burstCard;
  private int burstDone;

  /**
   * Creates a generator.
   *
   * @param seed the seed; the same seed gives the same feed
   */
  public TransactionGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < CARDS; i++) {
      cards[i] = newCard();
    }
  }

  /**
   * Returns the frauds planted so far, in feed order.
   *
   * @return an immutable copy
   */
  public List<Fraud> planted() {
    return List.copyOf(planted);
  }

  /**
   * Makes the next transaction.
   *
   * @param createdNanos the pipeline clock's time now, stamped on it for latency
   * @return the transaction
   */
  public CardTransaction next(long createdNanos) {
    if (burstCard != null) {
      nowMillis += BURST_GAP_MILLIS;
      return burst(createdNanos);
    }
    nowMillis += 50 + random.nextInt(200);
    int dice = random.nextInt(1000);
    if (dice < SPIKES) {
      Card card = someCard(c -> c.uses >= 3 && idle(c) > REUSE_AFTER_MILLIS);
      if (card != null) {
        return fraud(card, 2000 + random.nextInt(300_000) / 100.0, card.home, Rule.AMOUNT_SPIKE,
            createdNanos);
      }
    } else if (dice < SPIKES + TRAVELS) {
      Card card = someCard(c -> c.uses >= 1 && idle(c) > REUSE_AFTER_MILLIS
          && idle(c) < TRAVEL_WITHIN_MILLIS);
      if (card != null) {
        City far = City.farAway().get(random.nextInt(City.farAway().size()));
        return fraud(card, honestAmount(), far, Rule.IMPOSSIBLE_TRAVEL, createdNanos);
      }
    } else if (dice < SPIKES + TRAVELS + BURSTS) {
      Card card = someCard(c -> idle(c) > FraudRules.VELOCITY_WINDOW_MILLIS);
      if (card != null) {
        burstCard = card;
        burstDone = 0;
        return burst(createdNanos);
      }
    }
    return honest(createdNanos);
  }

  /** Returns a random card the condition holds for, or {@code null} if a few tries find none. */
  private Card someCard(Predicate<Card> condition) {
    for (int tries = 0; tries < 50; tries++) {
      Card card = cards[random.nextInt(CARDS)];
      if (condition.test(card)) {
        return card;
      }
    }
    return null;
  }

  private long idle(Card card) {
    return nowMillis - card.lastMillis;
  }

  private CardTransaction honest(long createdNanos) {
    Card card = cards[random.nextInt(CARDS)];
    while (idle(card) <= REUSE_AFTER_MILLIS) {
      card = cards[random.nextInt(CARDS)];
      nowMillis += 1; // with 200 cards some are always free; time moving on guarantees it
    }
    return use(card, honestAmount(), card.home, createdNanos);
  }

  private CardTransaction burst(long createdNanos) {
    Card card = burstCard;
    burstDone++;
    CardTransaction tx = use(card, honestAmount(), card.home, createdNanos);
    if (burstDone == FraudRules.VELOCITY_COUNT) {
      planted.add(new Fraud(tx.id(), Rule.VELOCITY));
    }
    if (burstDone == BURST_SIZE) {
      burstCard = null;
      block(card);
    }
    return tx;
  }

  private CardTransaction fraud(Card card, double amount, City city, Rule rule,
      long createdNanos) {
    CardTransaction tx = use(card, amount, city, createdNanos);
    planted.add(new Fraud(tx.id(), rule));
    block(card);
    return tx;
  }

  private CardTransaction use(Card card, double amount, City city, long createdNanos) {
    card.uses++;
    card.lastMillis = nowMillis;
    return new CardTransaction(nextId++, card.number, amount, city, nowMillis, createdNanos);
  }

  /** A card with a fraud on it is blocked; its holder gets a new card. */
  private void block(Card card) {
    for (int i = 0; i < CARDS; i++) {
      if (cards[i] == card) {
        cards[i] = newCard();
        return;
      }
    }
  }

  private Card newCard() {
    City home = City.homes().get(random.nextInt(City.homes().size()));
    return new Card(String.format(Locale.ROOT, "card-%05d", nextSerial++), home);
  }

  private double honestAmount() {
    return 20 + random.nextInt(10_000) / 100.0;
  }

  /** The generator's view of one card. */
  private static final class Card {
    private final String number;
    private final City home;
    private long uses;
    private long lastMillis = Long.MIN_VALUE / 2;

    Card(String number, City home) {
      this.number = number;
      this.home = home;
    }
  }
}

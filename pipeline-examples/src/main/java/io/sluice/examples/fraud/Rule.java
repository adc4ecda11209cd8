package io.sluice.examples.fraud;

/** The fraud rules; each alert names the one it broke. */
public enum Rule {
  /** The amount is many times the card's average so far. */
  AMOUNT_SPIKE,
  /** Too many transactions on one card within a short window. */
  VELOCITY,
  /** The card moved between two cities faster than a plane flies. */
  IMPOSSIBLE_TRAVEL
}

package io.sluice.examples.fraud;

/**
 * A card payment.
 *
 * @param id the transaction's number, increasing
 * @param card the card's number
 * @param amount the amount in euros
 * @param city where the card was used
 * @param eventMillis when it happened (the feed's time, milliseconds since the epoch)
 * @param createdNanos when it entered the pipeline (the pipeline clock), for latency
 */
public record CardTransaction(long id, String card, double amount, City city, long eventMillis,
    long createdNanos) {}

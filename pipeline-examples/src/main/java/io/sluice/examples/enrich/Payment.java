package io.sluice.examples.enrich;

import java.util.List;

/**
 * A payment to enrich: its amount in its own currency, and, once enriched, in EUR.
 *
 * @param id the payment's number
 * @param currency its currency
 * @param amount its amount in that currency
 * @param eur its amount in EUR, or {@code NaN} before enrichment
 */
public record Payment(long id, String currency, double amount, double eur) {
  private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");

  /**
   * Makes the {@code id}-th payment of the example's input, the same for the same id.
   *
   * @param id the payment's number
   * @return the payment, not enriched
   */
  public static Payment generated(long id) {
    return new Payment(id, CURRENCIES.get((int) (id % CURRENCIES.size())),
        Math.round((id * 7919 % 100_000) / 10.0) / 10.0, Double.NaN);
  }

  /**
   * Returns this payment with its EUR amount.
   *
   * @param rate units of EUR per unit of the currency
   * @return the enriched payment
   */
  public Payment inEur(double rate) {
    return new Payment(id, currency, amount, Math.round(amount * rate * 100) / 100.0);
  }
}

package io.sluice.examples.sales;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** Fixed exchange rates to euros, for the example (a real job would look them up by date). */
final class Rates {
  private static final Map<String, BigDecimal> TO_EUR = Map.of(
      "EUR", BigDecimal.ONE,
      "USD", new BigDecimal("0.92"),
      "GBP", new BigDecimal("1.17"));

  private Rates() {}

  static boolean isKnown(String currency) {
    return TO_EUR.containsKey(currency.trim().toUpperCase(Locale.ROOT));
  }

  static BigDecimal toEur(BigDecimal amount, String currency) {
    BigDecimal rate = TO_EUR.get(currency);
    if (rate == null) {
      throw new IllegalArgumentException("no rate for currency '" + currency + "'");
    }
    return amount.multiply(rate);
  }
}

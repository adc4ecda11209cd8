package io.sluice.examples.sales;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A clean sale with its totals and category: what the database stores.
 *
 * @param sale the sale
 * @param category the product's category in the catalogue ("Other" if unknown)
 * @param total quantity times unit price, in the sale's currency
 * @param totalEur the total in euros, at {@link Rates}
 */
public record PricedSale(Sale sale, String category, BigDecimal total, BigDecimal totalEur) {

  /**
   * Prices a clean sale.
   *
   * @param sale a sale after {@link Sale#clean()}
   * @return the priced sale
   */
  public static PricedSale of(Sale sale) {
    BigDecimal total = sale.unitPrice().multiply(BigDecimal.valueOf(sale.quantity()));
    return new PricedSale(sale, Catalog.category(sale.product()), total,
        Rates.toEur(total, sale.currency()).setScale(2, RoundingMode.HALF_EVEN));
  }
}

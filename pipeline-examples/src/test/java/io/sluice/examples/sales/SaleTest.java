package io.sluice.examples.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.csv.CsvRowException;
import io.sluice.connectors.csv.CsvRowException.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sale's cleaning and pricing, and how a line turned away is described. */
class SaleTest {
  @Test
  void aSaleIsCleanedIntoCatalogueNamesTitleCaseAndCents() {
    String line = "9,2024-03-01,  mARY   o'neil ,ESPRESSO  cups (6),2,24.5,gbp";
    Sale raw = new Sale(2, "9", LocalDate.of(2024, 3, 1), "  mARY   o'neil ", "ESPRESSO  cups (6)",
        2, new BigDecimal("24.5"), "gbp", 0, line);

    Sale clean = raw.clean();
    PricedSale priced = PricedSale.of(clean);

    assertThat(clean.customer()).isEqualTo("Mary O'neil");
    assertThat(clean.product()).isEqualTo("Espresso Cups (6)");
    assertThat(clean.currency()).isEqualTo("GBP");
    assertThat(clean.unitPrice()).isEqualByComparingTo("24.50").hasScaleOf(2);
    assertThat(clean.text()).isEqualTo(line); // the line as read, to report it if rejected later
    assertThat(priced.category()).isEqualTo("Accessories");
    assertThat(priced.total()).isEqualByComparingTo("49.00");
    assertThat(priced.totalEur()).isEqualByComparingTo("57.33"); // 49.00 x 1.17
    assertThat(List.of(Sale.COLUMNS)).containsExactly("order_id", "date", "customer", "product",
        "quantity", "unit_price", "currency");
  }

  @Test
  void aLineTurnedAwayKeepsItsLineReasonAndContent() {
    RejectedRow badValue = RejectedRow.of("validate", new CsvRowException("in.csv", 5,
        "1004,two", "quantity", Problem.BAD_VALUE, "'two' is not a whole number", null));
    RejectedRow blank = RejectedRow.of("validate",
        new CsvRowException("in.csv", 7, "", null, Problem.INVALID, "blank line", null));

    assertThat(badValue).isEqualTo(new RejectedRow(5, "validate", "bad quantity",
        "column 'quantity': 'two' is not a whole number", "1004,two"));
    assertThat(badValue.describe("in.csv"))
        .isEqualTo("in.csv line 5: column 'quantity': 'two' is not a whole number [1004,two]");
    assertThat(blank).isEqualTo(new RejectedRow(7, "validate", "blank line", "blank line", ""));
    assertThat(RejectedRow.REJECTS.name()).isEqualTo("rejects");
  }
}

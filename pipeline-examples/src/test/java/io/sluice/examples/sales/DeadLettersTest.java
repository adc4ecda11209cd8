package io.sluice.examples.sales;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.FlushReason;
import io.sluice.examples.sales.DeadLetters.FailedRow;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The dead-letter account of the sales pipeline: what a stage failed on, by reason. */
class DeadLettersTest {
  private static Sale sale(long line, String orderId) {
    return new Sale(line, orderId, LocalDate.of(2024, 3, 1), "c", "p", 1, BigDecimal.ONE, "EUR",
        0, orderId + ",2024-03-01,c,p,1,1,EUR");
  }

  @Test
  void countsDeadLettersByReasonAndKeepsTheFirstTwentyInLineOrder() {
    DeadLetters deadLetters = new DeadLetters("in.csv");
    for (int i = 0; i < 25; i++) {
      Exception failure = i % 2 == 0 ? new SQLException("lock timeout")
          : new IllegalStateException("odd");
      deadLetters.write(new DeadLetter("sales", "s", PricedSale.of(sale(100 - i, "o" + i)),
          failure, 1, null, 0));
    }

    assertThat(deadLetters.total()).isEqualTo(25);
    assertThat(deadLetters.byReason()).containsExactly(entry("refused by the database", 13L),
        entry("failed in s: IllegalStateException", 12L));
    assertThat(deadLetters.first()).hasSize(20).extracting(FailedRow::line)
        .startsWith(81L, 82L).endsWith(100L);
    assertThat(deadLetters.first().get(0).detail())
        .isEqualTo("in.csv line 81: java.lang.IllegalStateException: odd");
    assertThat(deadLetters.first().get(19).detail())
        .isEqualTo("in.csv line 100: order o0 refused by the database: lock timeout");
  }

  @Test
  void aFailedBatchSaysHowTheRowWasFound() {
    DeadLetters deadLetters = new DeadLetters("in.csv");
    deadLetters.write(new DeadLetter("sales", "save", PricedSale.of(sale(7, "o7")),
        new SQLException("Check constraint violation; SQL statement: INSERT ..."), 5,
        FlushReason.SIZE, 3));

    assertThat(deadLetters.first()).singleElement().isEqualTo(new FailedRow("save", 7,
        "refused by the database", "in.csv line 7: order o7 refused by the database: Check "
            + "constraint violation (after 5 failed calls, in a SIZE batch of 3)"));
    assertThat(deadLetters).hasToString("failed rows");
  }
}

package io.sluice.examples.sales;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.examples.console.TestConsole;
import io.sluice.examples.sales.SalesDatabase.CategoryTotal;
import io.sluice.examples.sales.SalesDatabase.DayTotal;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The batch job on the bundled sales.csv. The expected figures were worked out from the file by
 * hand (and checked with an independent script), line by line: 47 data lines, of which 3 blank,
 * 1 too many fields (a decimal comma), 1 missing field, 2 empty required values, 4 unreadable
 * values, 3 broken rules and 2 duplicates are rejected, leaving 31 sales.
 */
class BatchJobTest {
  private static final Map<String, Long> REJECTED = Map.ofEntries(
      entry("blank line", 3L),
      entry("bad unit_price", 2L),
      entry("duplicate order_id", 2L),
      entry("quantity not positive", 2L),
      entry("bad date", 1L),
      entry("bad quantity", 1L),
      entry("empty customer", 1L),
      entry("empty order_id", 1L),
      entry("missing fields", 1L),
      entry("too many fields", 1L),
      entry("unknown currency", 1L));

  private static BatchJob.Settings bundled(int batchSize) {
    return new BatchJob.Settings(batchSize, 0, 7, null, false);
  }

  @Test
  void theBundledFileSavesExactlyTheGoodSalesAndAccountsForEveryRow() throws Exception {
    TestConsole out = new TestConsole();
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      BatchJob.Result result = BatchJob.run(bundled(3), out.console(), db);

      assertThat(db.count()).isEqualTo(31);
      assertThat(sum(db, "total_eur")).isEqualByComparingTo("2981.72");
      assertThat(sum(db, "quantity")).isEqualByComparingTo("58");
      assertThat(result.saved()).isEqualTo(31);
      assertThat(result.rejections().byReason()).isEqualTo(REJECTED);
      assertThat(result.rejections().total()).isEqualTo(16);
      assertThat(result.daily()).containsExactly(
          new DayTotal(LocalDate.of(2024, 3, 4), 6, 12, new BigDecimal("526.22")),
          new DayTotal(LocalDate.of(2024, 3, 5), 4, 9, new BigDecimal("409.48")),
          new DayTotal(LocalDate.of(2024, 3, 6), 5, 8, new BigDecimal("505.44")),
          new DayTotal(LocalDate.of(2024, 3, 7), 7, 12, new BigDecimal("574.62")),
          new DayTotal(LocalDate.of(2024, 3, 8), 9, 17, new BigDecimal("965.96")));
      assertThat(db.byCategory()).containsExactly(
          new CategoryTotal("Machines", 11, new BigDecimal("1923.77")),
          new CategoryTotal("Accessories", 10, new BigDecimal("496.43")),
          new CategoryTotal("Coffee", 7, new BigDecimal("463.58")),
          new CategoryTotal("Other", 1, new BigDecimal("50.00")),
          new CategoryTotal("Care", 2, new BigDecimal("47.94")));
      assertThat(cleaned(db, "1003")).isEqualTo("Carla Diaz|Milk Frother|EUR");
      assertThat(cleaned(db, "1015")).isEqualTo("Nora Blake|Coffee Beans 1kg|EUR");
      assertThat(cleaned(db, "1021")).isEqualTo("Tina Turner|Grinder|EUR");
    }
  }

  @Test
  void theReportCountsEveryStageAndTheBatchesByReason() throws Exception {
    TestConsole out = new TestConsole();
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      BatchJob.Result result = BatchJob.run(bundled(3), out.console(), db);
      PipelineReport report = result.report();

      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
      assertThat(report.stage("read").emitted()).isEqualTo(47);
      assertThat(report.stage("validate").received()).isEqualTo(47);
      assertThat(report.stage("validate").emitted()).isEqualTo(47 - 14);
      assertThat(report.stage("clean").emitted()).isEqualTo(33);
      assertThat(report.stage("dedupe").emitted()).isEqualTo(31);
      assertThat(report.stage("price").emitted()).isEqualTo(31);
      assertThat(report.stage("save").received()).isEqualTo(31);
      assertThat(report.stage("save").batchesByReason())
          .isEqualTo(Map.of(FlushReason.SIZE, 10L, FlushReason.END_OF_STREAM, 1L));
      assertThat(result.saveCalls()).isEqualTo(22); // one executeBatch and one commit per batch
      assertThat(out.output())
          .contains("every row accounted for: 47 read = 31 saved + 16 rejected")
          .contains("sales.csv line 5: column 'quantity': 'two' is not a whole number")
          .contains("sales.csv line 32: order 1021 was already read on line 25")
          .contains("  total              31         58          2,981.72");
    }
  }

  @Test
  void theBatchSizeChangesOnlyHowTheSalesAreWritten() throws Exception {
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      BatchJob.Result result = BatchJob.run(bundled(10), new TestConsole().console(), db);

      assertThat(db.count()).isEqualTo(31);
      assertThat(sum(db, "total_eur")).isEqualByComparingTo("2981.72");
      assertThat(result.rejections().byReason()).isEqualTo(REJECTED);
      assertThat(result.report().stage("save").batchesByReason())
          .isEqualTo(Map.of(FlushReason.SIZE, 3L, FlushReason.END_OF_STREAM, 1L));
    }
  }

  @Test
  void generatedInputIsTheSameForTheSameSeedAndEveryRowIsAccountedFor() throws Exception {
    BatchJob.Settings settings = new BatchJob.Settings(50, 5_000, 11, null, false);
    BatchJob.Result first;
    BatchJob.Result second;
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      first = BatchJob.run(settings, new TestConsole().console(), db);
    }
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      second = BatchJob.run(settings, new TestConsole().console(), db);
    }

    long read = first.report().stage("read").emitted();
    assertThat(read).isEqualTo(5_000);
    assertThat(read).isEqualTo(first.saved() + first.rejections().total());
    assertThat(first.rejections().byReason()).containsKeys("blank line", "bad quantity",
        "bad unit_price", "bad date", "empty customer", "quantity not positive",
        "unknown currency", "missing fields", "too many fields", "duplicate order_id");
    assertThat(first.saved()).isBetween(4_000L, 4_800L);
    assertThat(second.saved()).isEqualTo(first.saved());
    assertThat(second.rejections().byReason()).isEqualTo(first.rejections().byReason());
    assertThat(second.daily()).isEqualTo(first.daily());
  }

  private static BigDecimal sum(SalesDatabase db, String column) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT SUM(" + column + ") FROM sales")) {
      rows.next();
      return rows.getBigDecimal(1);
    }
  }

  private static String cleaned(SalesDatabase db, String orderId) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT customer, product, currency FROM sales "
            + "WHERE order_id = '" + orderId + "'")) {
      return rows.next() ? rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3)
          : "absent";
    }
  }

  @Test
  void theRejectionListIsWhatItSays() {
    Rejections rejections = new Rejections();
    for (int i = 0; i < 25; i++) {
      rejections.add(i % 2 == 0 ? "b" : "a", 100 - i, "line " + (100 - i));
    }

    assertThat(rejections.total()).isEqualTo(25);
    assertThat(rejections.byReason()).containsExactly(entry("b", 13L), entry("a", 12L));
    assertThat(rejections.firstDetails()).hasSize(20).startsWith("line 81", "line 82")
        .endsWith("line 100");
  }

  @Test
  void aSaleIsCleanedIntoCatalogueNamesTitleCaseAndCents() {
    Sale raw = new Sale(2, "9", LocalDate.of(2024, 3, 1), "  mARY   o'neil ", "ESPRESSO  cups (6)",
        2, new BigDecimal("24.5"), "gbp", 0);

    Sale clean = raw.clean();
    PricedSale priced = PricedSale.of(clean);

    assertThat(clean.customer()).isEqualTo("Mary O'neil");
    assertThat(clean.product()).isEqualTo("Espresso Cups (6)");
    assertThat(clean.currency()).isEqualTo("GBP");
    assertThat(clean.unitPrice()).isEqualByComparingTo("24.50").hasScaleOf(2);
    assertThat(priced.category()).isEqualTo("Accessories");
    assertThat(priced.total()).isEqualByComparingTo("49.00");
    assertThat(priced.totalEur()).isEqualByComparingTo("57.33"); // 49.00 x 1.17
    assertThat(List.of(Sale.COLUMNS)).containsExactly("order_id", "date", "customer", "product",
        "quantity", "unit_price", "currency");
  }
}

package io.sluice.examples.sales;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.Port;
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
 * values, 3 broken rules and 2 duplicates are rejected, leaving 31 sales. Rejected rows are
 * routed by 'validate' (14) and 'dedupe' (2) to their 'rejects' side output, into table
 * REJECTED_ROWS; no row is dead-lettered unless the database refuses it.
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
  void checkpointsOnTheFlinkRunnerAreRefusedBeforeAnythingRuns(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    BatchJob.Settings settings = new BatchJob.Settings(3, 0, 7, null, false, JobRunner.FLINK,
        dir.resolve("checkpoint"));

    assertThatThrownBy(() -> BatchJob.run(settings, new TestConsole().console()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--checkpoint").hasMessageContaining("--runner flink");
    assertThat(dir.resolve("checkpoint")).doesNotExist();
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
      assertThat(result.rejectedByReason()).isEqualTo(REJECTED);
      assertThat(result.rejected()).isEqualTo(16);
      assertThat(result.deadLetters().total()).isZero();
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
      assertThat(report.accountingBreaches()).isEmpty();
      assertThat(report.stage("read").emitted()).isEqualTo(47);
      assertThat(report.stage("validate").received()).isEqualTo(47);
      // a record emitted to a side output is emitted too: 33 on the main output, 14 rejected
      assertThat(report.stage("validate").emitted()).isEqualTo(47);
      assertThat(report.stage("validate").emittedByPort())
          .containsExactly(entry(Port.MAIN, 33L), entry("rejects", 14L));
      assertThat(report.stage("invalid").received()).isEqualTo(14);
      assertThat(report.stage("invalid").passedOn()).isEqualTo(14);
      assertThat(report.stage("clean").received()).isEqualTo(33);
      assertThat(report.stage("dedupe").emittedByPort())
          .containsExactly(entry(Port.MAIN, 31L), entry("rejects", 2L));
      assertThat(report.stage("duplicates").received()).isEqualTo(2);
      assertThat(report.stage("price").emitted()).isEqualTo(31);
      assertThat(report.stage("save").received()).isEqualTo(31);
      assertThat(report.stage("save").passedOn()).isEqualTo(31);
      assertThat(report.stages()).allSatisfy(stage -> {
        assertThat(stage.filtered()).as("filtered by %s", stage.name()).isZero();
        assertThat(stage.skipped()).as("skipped by %s", stage.name()).isZero();
        assertThat(stage.deadLettered()).as("dead-lettered by %s", stage.name()).isZero();
        assertThat(stage.retried()).as("retried by %s", stage.name()).isZero();
      });
      assertThat(report.stage("save").batchesByReason())
          .isEqualTo(Map.of(FlushReason.SIZE, 10L, FlushReason.END_OF_STREAM, 1L));
      assertThat(report.stage("invalid").batchesByReason())
          .isEqualTo(Map.of(FlushReason.END_OF_STREAM, 1L)); // batched(100): all 14 at the end
      assertThat(result.saveCalls()).isEqualTo(22); // one executeBatch and one commit per batch
      assertThat(out.output())
          .contains("every row accounted for: 47 read = 31 saved + 16 rejected + 0 dead-lettered")
          .contains("  validate  out 33, rejects 14\n  dedupe    out 31, rejects 2\n")
          .contains("validate  sales.csv line 5: column 'quantity': 'two' is not a whole number")
          .contains("dedupe    sales.csv line 32: order 1021 was already read on line 25 "
              + "[1021,2024-03-06,Tina Turner,Grinder,1,89.00,EUR]")
          .contains("  validate  deadLetter(failed rows)")
          .contains("  total              31         58          2,981.72")
          .doesNotContain("DISAGREE").doesNotContain("UNACCOUNTED").doesNotContain("Dead letters");
    }
  }

  @Test
  void theRejectedRowsAreInTheirTableAndEveryLineIsInExactlyOneTable() throws Exception {
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      BatchJob.run(bundled(3), new TestConsole().console(), db);

      List<RejectedRow> rows = db.rejectedRows(100);
      assertThat(rows).extracting(RejectedRow::line, RejectedRow::stage, RejectedRow::reason)
          .containsExactly(
              tuple(5L, "validate", "bad quantity"),
              tuple(7L, "validate", "blank line"),
              tuple(11L, "dedupe", "duplicate order_id"),
              tuple(12L, "validate", "too many fields"),
              tuple(13L, "validate", "missing fields"),
              tuple(15L, "validate", "empty customer"),
              tuple(17L, "validate", "bad unit_price"),
              tuple(20L, "validate", "bad date"),
              tuple(21L, "validate", "quantity not positive"),
              tuple(23L, "validate", "blank line"),
              tuple(27L, "validate", "unknown currency"),
              tuple(32L, "dedupe", "duplicate order_id"),
              tuple(36L, "validate", "bad unit_price"),
              tuple(39L, "validate", "empty order_id"),
              tuple(42L, "validate", "blank line"),
              tuple(45L, "validate", "quantity not positive"));
      assertThat(rows.get(0)).isEqualTo(new RejectedRow(5, "validate", "bad quantity",
          "column 'quantity': 'two' is not a whole number",
          "1004,2024-03-04,DAVID KIM,Coffee Beans 1kg,two,18.50,EUR"));
      assertThat(rows.get(9).content()).isEqualTo("   ");
      assertThat(rows.get(11)).isEqualTo(new RejectedRow(32, "dedupe", "duplicate order_id",
          "order 1021 was already read on line 25",
          "1021,2024-03-06,Tina Turner,Grinder,1,89.00,EUR"));
      assertThat(db.rejectedRows(3)).containsExactlyElementsOf(rows.subList(0, 3));
      // lines 2 to 48 are the 47 data lines: each is a sale or a rejected row, never both
      assertThat(count(db, "sales s JOIN rejected_rows r ON s.line_no = r.line_no")).isZero();
      assertThat(count(db, "(SELECT line_no FROM sales UNION SELECT line_no FROM rejected_rows)"
          + " WHERE line_no BETWEEN 2 AND 48")).isEqualTo(47);
    }
  }

  @Test
  void theBatchSizeChangesOnlyHowTheSalesAreWritten() throws Exception {
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      BatchJob.Result result = BatchJob.run(bundled(10), new TestConsole().console(), db);

      assertThat(db.count()).isEqualTo(31);
      assertThat(sum(db, "total_eur")).isEqualByComparingTo("2981.72");
      assertThat(result.rejectedByReason()).isEqualTo(REJECTED);
      assertThat(db.rejectedCount()).isEqualTo(16);
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
    assertThat(first.deadLetters().total()).isZero();
    assertThat(read).isEqualTo(first.saved() + first.rejected());
    assertThat(first.rejected()).isEqualTo(first.report().stage("validate").emittedByPort()
        .get("rejects") + first.report().stage("dedupe").emittedByPort().get("rejects"));
    assertThat(first.rejectedByReason()).containsKeys("blank line", "bad quantity",
        "bad unit_price", "bad date", "empty customer", "quantity not positive",
        "unknown currency", "missing fields", "too many fields", "duplicate order_id");
    assertThat(first.saved()).isBetween(4_000L, 4_800L);
    assertThat(second.saved()).isEqualTo(first.saved());
    assertThat(second.rejectedByReason()).isEqualTo(first.rejectedByReason());
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

  private static long count(SalesDatabase db, String from) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM " + from)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(SalesDatabase db, String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
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
  void aRowTheDatabaseRefusesIsIsolatedFromItsBatchAndTheRestIsSavedOnce() throws Exception {
    TestConsole out = new TestConsole();
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      // the database now refuses line 29 (order 1025, a gift card): the middle of the 6th batch
      // of 3, [1024, 1025, 1026]
      execute(db, "ALTER TABLE sales ADD CONSTRAINT no_gift_cards CHECK (product <> 'Gift Card')");

      BatchJob.Result result = BatchJob.run(bundled(3), out.console(), db);
      PipelineReport report = result.report();

      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
      assertThat(report.accountingBreaches()).isEmpty();
      assertThat(db.count()).isEqualTo(30);
      assertThat(count(db, "sales WHERE order_id IN ('1024', '1026')")).isEqualTo(2);
      assertThat(count(db, "sales WHERE order_id = '1025'")).isZero();
      assertThat(sum(db, "total_eur")).isEqualByComparingTo("2931.72"); // 2981.72 - 50.00
      assertThat(result.rejectedByReason()).isEqualTo(REJECTED);
      assertThat(result.deadLetters().byReason()).containsExactly(
          entry("refused by the database", 1L));
      // the refused row is isolated either from the driver's update counts ([1024, 1026] saved by
      // the first call, [1025] alone retried twice: 4 + 4 calls) or, when the failure does not
      // name it, by splitting the batch (3 whole calls, then [1024], [1025, 1026], [1025], [1026]:
      // 3 + 6 calls); both were seen in this job, whose other sinks write the same database at the
      // same time. Either way: retried twice, one dead letter, the other 30 rows saved once.
      assertThat(report.stage("save").retried()).isEqualTo(2);
      assertThat(report.stage("save").deadLettered()).isEqualTo(1);
      assertThat(report.stage("save").passedOn()).isEqualTo(30);
      boolean named = result.saveCalls() == 10 * 2 + 4 + 2 + 2;
      assertThat(result.saveCalls()).isIn(10 * 2 + 4 + 2 + 2L, 10 * 2 + 3 + 2 + 2 + 1 + 1L);
      assertThat(result.deadLetters().first()).singleElement()
          .satisfies(failed -> {
            assertThat(failed.stage()).isEqualTo("save");
            assertThat(failed.line()).isEqualTo(29);
            assertThat(failed.reason()).isEqualTo("refused by the database");
            assertThat(failed.detail()).startsWith("sales.csv line 29: order 1025 refused by "
                + "the database: ").contains("NO_GIFT_CARDS")
                .endsWith(named ? "(after 3 failed calls, in a SIZE batch of 3)"
                    : "(after 5 failed calls, in a SIZE batch of 3)");
          });
      assertThat(out.output())
          .contains("every row accounted for: 47 read = 30 saved + 16 rejected + 1 dead-lettered")
          .containsPattern("  dead-lettered +1 .*\n +refused by the database +1\n")
          .containsPattern("  save +retry\\(3, 50ms, 1s\\)\\.thenDeadLetter\\(failed rows\\)"
              + " +0 +1 +2\n")
          .contains("Dead letters:\n  save      sales.csv line 29: order 1025 refused")
          .contains(result.saveCalls() + " database calls (executeBatch + commit + rollback)");
    }
  }
}

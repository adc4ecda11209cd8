package io.sluice.examples.sales;

import io.sluice.connectors.jdbc.Jdbc;
import io.sluice.connectors.jdbc.JdbcSink;
import io.sluice.connectors.jdbc.UpsertDialect;
import io.sluice.examples.db.EmbeddedH2;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The embedded H2 database the sales jobs write to: table {@code SALES} for the sales saved,
 * table {@code REJECTED_ROWS} for the lines turned away, and the queries that read the report back.
 * Closing it ends an in-memory database.
 */
public final class SalesDatabase implements AutoCloseable {
  private static final String INSERT_SALE = "INSERT INTO sales (order_id, line_no, sale_date,"
      + " customer, product, category, quantity, unit_price, currency, total, total_eur)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_REJECTED = "INSERT INTO rejected_rows (line_no, stage,"
      + " reason, detail, content) VALUES (?, ?, ?, ?, ?)";
  private static final List<String> SALE_COLUMNS = List.of("order_id", "line_no", "sale_date",
      "customer", "product", "category", "quantity", "unit_price", "currency", "total",
      "total_eur");
  private static final List<String> REJECTED_COLUMNS = List.of("line_no", "stage", "reason",
      "detail", "content");
  private static final String[] TABLES = {
      "DROP TABLE IF EXISTS sales",
      "CREATE TABLE sales ("
          + " order_id VARCHAR(32) PRIMARY KEY,"
          + " line_no BIGINT NOT NULL,"
          + " sale_date DATE NOT NULL,"
          + " customer VARCHAR(200) NOT NULL,"
          + " product VARCHAR(200) NOT NULL,"
          + " category VARCHAR(32) NOT NULL,"
          + " quantity INT NOT NULL CHECK (quantity > 0),"
          + " unit_price DECIMAL(12, 2) NOT NULL,"
          + " currency CHAR(3) NOT NULL,"
          + " total DECIMAL(14, 2) NOT NULL,"
          + " total_eur DECIMAL(14, 2) NOT NULL)",
      "DROP TABLE IF EXISTS rejected_rows",
      // a line is rejected at most once: the key would catch a reject written twice
      "CREATE TABLE rejected_rows ("
          + " line_no BIGINT PRIMARY KEY,"
          + " stage VARCHAR(64) NOT NULL,"
          + " reason VARCHAR(200) NOT NULL,"
          + " detail VARCHAR NOT NULL,"
          + " content VARCHAR NOT NULL)"};

  /** The tables of {@link #TABLES}, created only if missing: a resumed job keeps its rows. */
  private static final String[] KEPT_TABLES = Arrays.stream(TABLES)
      .filter(ddl -> ddl.startsWith("CREATE TABLE"))
      .map(ddl -> ddl.replaceFirst("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
      .toArray(String[]::new);

  /** Sales of one day. */
  public record DayTotal(LocalDate date, long orders, long units, BigDecimal revenueEur) {}

  /** Sales of one product category. */
  public record CategoryTotal(String category, long orders, BigDecimal revenueEur) {}

  private final EmbeddedH2 h2;

  private SalesDatabase(EmbeddedH2 h2) {
    this.h2 = h2;
  }

  /**
   * Creates a fresh in-memory database.
   *
   * @return the database
   * @throws SQLException if H2 cannot start
   */
  public static SalesDatabase inMemory() throws SQLException {
    return new SalesDatabase(EmbeddedH2.inMemory("sales", TABLES));
  }

  /**
   * Opens (or creates) a database in a file, replacing its {@code SALES} and
   * {@code REJECTED_ROWS} tables; it stays there after the run for inspection.
   *
   * @param file the database file, without H2's {@code .mv.db} ending
   * @return the database
   * @throws SQLException if H2 cannot open the file
   */
  public static SalesDatabase file(Path file) throws SQLException {
    return new SalesDatabase(EmbeddedH2.at(fileUrl(file), TABLES));
  }

  /**
   * Opens (or creates) a database in a file, keeping the rows of its tables: for a job that
   * resumes from a checkpoint.
   *
   * @param file the database file, without H2's {@code .mv.db} ending
   * @return the database
   * @throws SQLException if H2 cannot open the file
   */
  public static SalesDatabase kept(Path file) throws SQLException {
    return new SalesDatabase(EmbeddedH2.at(fileUrl(file), KEPT_TABLES));
  }

  /**
   * The URL of a file database whose commits are written at once: H2 delays writing committed
   * transactions by 500 ms by default, so a killed process would lose commits that a checkpoint
   * already counts as saved.
   */
  private static String fileUrl(Path file) {
    return "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0";
  }

  /**
   * Returns the JDBC URL, for people who want to look inside.
   *
   * @return the URL
   */
  public String url() {
    return h2.url();
  }

  /**
   * Returns a data source for the database.
   *
   * @return H2's connection pool
   */
  public DataSource dataSource() {
    return h2.dataSource();
  }

  /**
   * Returns a JDBC sink inserting priced sales into {@code SALES}.
   *
   * @return a new sink
   */
  public JdbcSink<PricedSale> sink() {
    return Jdbc.sink(h2.dataSource(), INSERT_SALE, SalesDatabase::bind);
  }

  /**
   * Returns a JDBC sink inserting rejected lines into {@code REJECTED_ROWS}.
   *
   * @return a new sink
   */
  public JdbcSink<RejectedRow> rejectsSink() {
    return Jdbc.sink(h2.dataSource(), INSERT_REJECTED, SalesDatabase::bindRejected);
  }

  private static void bindRejected(PreparedStatement insert, RejectedRow rejected)
      throws SQLException {
    insert.setLong(1, rejected.line());
    insert.setString(2, rejected.stage());
    insert.setString(3, rejected.reason());
    insert.setString(4, rejected.detail());
    insert.setString(5, rejected.content());
  }

  /**
   * Returns an idempotent JDBC sink of priced sales: {@code MERGE ... KEY (order_id)}, so a sale
   * saved again after a restart replaces itself.
   *
   * @return a new sink
   */
  public JdbcSink<PricedSale> upsertSink() {
    return Jdbc.upsertSink(h2.dataSource(), UpsertDialect.H2, "sales", List.of("order_id"),
        SALE_COLUMNS, SalesDatabase::bind);
  }

  /**
   * Returns an idempotent JDBC sink of rejected lines, by line number.
   *
   * @return a new sink
   */
  public JdbcSink<RejectedRow> rejectsUpsertSink() {
    return Jdbc.upsertSink(h2.dataSource(), UpsertDialect.H2, "rejected_rows",
        List.of("line_no"), REJECTED_COLUMNS, SalesDatabase::bindRejected);
  }

  /**
   * Reads the line each saved order was first read on, so that a resumed job's {@code dedupe}
   * knows the orders saved before it started.
   *
   * @return order id to line number
   * @throws SQLException if the query fails
   */
  public Map<String, Long> savedOrderLines() throws SQLException {
    Map<String, Long> lines = new HashMap<>();
    h2.query("SELECT order_id, line_no FROM sales", row -> Map.entry(row.getString(1),
        row.getLong(2))).forEach(e -> lines.put(e.getKey(), e.getValue()));
    return lines;
  }

  private static void bind(PreparedStatement insert, PricedSale priced) throws SQLException {
    Sale sale = priced.sale();
    insert.setString(1, sale.orderId());
    insert.setLong(2, sale.line());
    insert.setDate(3, Date.valueOf(sale.date()));
    insert.setString(4, sale.customer());
    insert.setString(5, sale.product());
    insert.setString(6, priced.category());
    insert.setInt(7, sale.quantity());
    insert.setBigDecimal(8, sale.unitPrice());
    insert.setString(9, sale.currency());
    insert.setBigDecimal(10, priced.total());
    insert.setBigDecimal(11, priced.totalEur());
  }

  /**
   * Counts the saved sales.
   *
   * @return the rows in {@code SALES}
   * @throws SQLException if the query fails
   */
  public long count() throws SQLException {
    return h2.queryLong("SELECT COUNT(*) FROM sales");
  }

  /**
   * Reads the sales per day back from the table.
   *
   * @return one total per day, in date order
   * @throws SQLException if the query fails
   */
  public List<DayTotal> daily() throws SQLException {
    return h2.query("SELECT sale_date, COUNT(*), SUM(quantity), SUM(total_eur) FROM sales"
        + " GROUP BY sale_date ORDER BY sale_date", row -> new DayTotal(
            row.getDate(1).toLocalDate(), row.getLong(2), row.getLong(3), row.getBigDecimal(4)));
  }

  /**
   * Reads the sales per category back from the table.
   *
   * @return one total per category, the largest revenue first
   * @throws SQLException if the query fails
   */
  public List<CategoryTotal> byCategory() throws SQLException {
    return h2.query("SELECT category, COUNT(*), SUM(total_eur) FROM sales GROUP BY category"
        + " ORDER BY SUM(total_eur) DESC, category",
        row -> new CategoryTotal(row.getString(1), row.getLong(2), row.getBigDecimal(3)));
  }

  /**
   * Counts the rejected lines.
   *
   * @return the rows in {@code REJECTED_ROWS}
   * @throws SQLException if the query fails
   */
  public long rejectedCount() throws SQLException {
    return h2.queryLong("SELECT COUNT(*) FROM rejected_rows");
  }

  /**
   * Counts the rejected lines by reason.
   *
   * @return reason to count, the most frequent first (ties by reason); an immutable, ordered map
   * @throws SQLException if the query fails
   */
  public Map<String, Long> rejectedByReason() throws SQLException {
    Map<String, Long> byReason = new LinkedHashMap<>();
    h2.query("SELECT reason, COUNT(*) FROM rejected_rows GROUP BY reason"
        + " ORDER BY COUNT(*) DESC, reason", row -> Map.entry(row.getString(1), row.getLong(2)))
        .forEach(reason -> byReason.put(reason.getKey(), reason.getValue()));
    return Collections.unmodifiableMap(byReason);
  }

  /**
   * Reads the first rejected lines back from the table.
   *
   * @param limit how many at most
   * @return the rejected rows of the lowest line numbers, in line order
   * @throws SQLException if the query fails
   */
  public List<RejectedRow> rejectedRows(int limit) throws SQLException {
    return h2.query("SELECT line_no, stage, reason, detail, content FROM rejected_rows"
        + " ORDER BY line_no LIMIT " + limit, row -> new RejectedRow(row.getLong(1),
            row.getString(2), row.getString(3), row.getString(4), row.getString(5)));
  }

  @Override
  public void close() throws SQLException {
    h2.close();
  }
}

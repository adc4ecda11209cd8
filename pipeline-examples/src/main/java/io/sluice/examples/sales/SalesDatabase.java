package io.sluice.examples.sales;

import io.sluice.connectors.jdbc.Jdbc;
import io.sluice.connectors.jdbc.JdbcSink;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded H2 database the sales jobs save to, with table {@code SALES}, and the queries that
 * read the report back. Closing it ends an in-memory database.
 */
public final class SalesDatabase implements AutoCloseable {
  private static final String INSERT = "INSERT INTO sales (order_id, line_no, sale_date, customer,"
      + " product, category, quantity, unit_price, currency, total, total_eur)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Sales of one day. */
  public record DayTotal(LocalDate date, long orders, long units, BigDecimal revenueEur) {}

  /** Sales of one product category. */
  public record CategoryTotal(String category, long orders, BigDecimal revenueEur) {}

  private final String url;
  private final JdbcConnectionPool pool;
  private final Connection keeper;

  private SalesDatabase(String url) throws SQLException {
    this.url = url;
    this.pool = JdbcConnectionPool.create(url, "sa", "");
    // An in-memory H2 database lives as long as one connection to it; this one also runs queries.
    this.keeper = pool.getConnection();
    try (Statement ddl = keeper.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS sales");
      ddl.execute("CREATE TABLE sales ("
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
          + " total_eur DECIMAL(14, 2) NOT NULL)");
    }
  }

  /**
   * Creates a fresh in-memory database.
   *
   * @return the database
   * @throws SQLException if H2 cannot start
   */
  public static SalesDatabase inMemory() throws SQLException {
    return new SalesDatabase("jdbc:h2:mem:sales-" + UUID.randomUUID());
  }

  /**
   * Opens (or creates) a database in a file, replacing its {@code SALES} table; it stays there
   * after the run for inspection.
   *
   * @param file the database file, without H2's {@code .mv.db} ending
   * @return the database
   * @throws SQLException if H2 cannot open the file
   */
  public static SalesDatabase file(Path file) throws SQLException {
    return new SalesDatabase("jdbc:h2:file:" + file.toAbsolutePath());
  }

  /**
   * Returns the JDBC URL, for people who want to look inside.
   *
   * @return the URL
   */
  public String url() {
    return url;
  }

  /**
   * Returns a data source for the database.
   *
   * @return H2's connection pool
   */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Returns a JDBC sink inserting priced sales into {@code SALES}.
   *
   * @return a new sink
   */
  public JdbcSink<PricedSale> sink() {
    return Jdbc.sink(pool, INSERT, SalesDatabase::bind);
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
    try (Statement query = keeper.createStatement();
        ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM sales")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Reads the sales per day back from the table.
   *
   * @return one total per day, in date order
   * @throws SQLException if the query fails
   */
  public List<DayTotal> daily() throws SQLException {
    List<DayTotal> days = new ArrayList<>();
    try (Statement query = keeper.createStatement();
        ResultSet rows = query.executeQuery("SELECT sale_date, COUNT(*), SUM(quantity),"
            + " SUM(total_eur) FROM sales GROUP BY sale_date ORDER BY sale_date")) {
      while (rows.next()) {
        days.add(new DayTotal(rows.getDate(1).toLocalDate(), rows.getLong(2), rows.getLong(3),
            rows.getBigDecimal(4)));
      }
    }
    return days;
  }

  /**
   * Reads the sales per category back from the table.
   *
   * @return one total per category, the largest revenue first
   * @throws SQLException if the query fails
   */
  public List<CategoryTotal> byCategory() throws SQLException {
    List<CategoryTotal> categories = new ArrayList<>();
    try (Statement query = keeper.createStatement();
        ResultSet rows = query.executeQuery("SELECT category, COUNT(*), SUM(total_eur)"
            + " FROM sales GROUP BY category ORDER BY SUM(total_eur) DESC, category")) {
      while (rows.next()) {
        categories.add(new CategoryTotal(rows.getString(1), rows.getLong(2),
            rows.getBigDecimal(3)));
      }
    }
    return categories;
  }

  @Override
  public void close() throws SQLException {
    try {
      keeper.close();
    } finally {
      pool.dispose();
    }
  }
}

package io.sluice.examples.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An embedded H2 database for the example jobs: a connection pool for the pipeline's JDBC sinks,
 * and one connection kept open for the job's own statements and queries. An in-memory H2 database
 * lives as long as one connection to it, so the kept one also keeps it alive; closing this ends
 * it.
 */
public final class EmbeddedH2 implements AutoCloseable {
  /** Reads one row of a query's result. */
  @FunctionalInterface
  public interface RowReader<R> {
    /**
     * Reads the current row.
     *
     * @param row the result, on the row to read
     * @return what the row holds
     * @throws SQLException if a column cannot be read
     */
    R read(ResultSet row) throws SQLException;
  }

  private final String url;
  private final JdbcConnectionPool pool;
  private final Connection keeper;

  private EmbeddedH2(String url) throws SQLException {
    this.url = url;
    this.pool = JdbcConnectionPool.create(url, "sa", "");
    try {
      this.keeper = pool.getConnection();
    } catch (SQLException e) {
      pool.dispose();
      throw e;
    }
  }

  /**
   * Creates a fresh in-memory database and its tables.
   *
   * @param prefix the start of its name, e.g. {@code "sales"}
   * @param ddl the statements creating its tables, run in order
   * @return the database
   * @throws SQLException if H2 cannot start or a statement fails (the database is then closed)
   */
  public static EmbeddedH2 inMemory(String prefix, String... ddl) throws SQLException {
    return at("jdbc:h2:mem:" + prefix + "-" + UUID.randomUUID(), ddl);
  }

  /**
   * Opens (or creates) a database at a JDBC URL, e.g. {@code jdbc:h2:file:/tmp/sales}, and runs
   * the statements that (re)create its tables.
   *
   * @param url the URL
   * @param ddl the statements, run in order
   * @return the database
   * @throws SQLException if H2 cannot open it or a statement fails (the database is then closed)
   */
  public static EmbeddedH2 at(String url, String... ddl) throws SQLException {
    EmbeddedH2 h2 = new EmbeddedH2(url);
    try {
      h2.execute(ddl);
    } catch (SQLException e) {
      h2.close();
      throw e;
    }
    return h2;
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
   * Returns a data source for the database, for JDBC sinks.
   *
   * @return H2's connection pool
   */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Runs statements that return nothing (DDL), in order, on the kept connection.
   *
   * @param sql the statements
   * @throws SQLException if one fails; the ones before it have run
   */
  public void execute(String... sql) throws SQLException {
    try (Statement statement = keeper.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  /**
   * Runs a query and reads every row of its result.
   *
   * @param sql the query
   * @param reader reads one row
   * @param <R> what a row is read into
   * @return the rows, in the result's order
   * @throws SQLException if the query or a read fails
   */
  public <R> List<R> query(String sql, RowReader<R> reader) throws SQLException {
    List<R> rows = new ArrayList<>();
    try (Statement query = keeper.createStatement(); ResultSet result = query.executeQuery(sql)) {
      while (result.next()) {
        rows.add(reader.read(result));
      }
    }
    return rows;
  }

  /**
   * Runs a query returning one number, such as {@code SELECT COUNT(*) FROM t}.
   *
   * @param sql the query
   * @return the first column of its first row
   * @throws SQLException if the query fails or returns no row
   */
  public long queryLong(String sql) throws SQLException {
    List<Long> values = query(sql, row -> row.getLong(1));
    if (values.isEmpty()) {
      throw new SQLException("no row from " + sql);
    }
    return values.get(0);
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

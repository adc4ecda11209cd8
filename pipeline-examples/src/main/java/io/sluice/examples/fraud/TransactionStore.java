package io.sluice.examples.fraud;

import io.sluice.connectors.jdbc.Jdbc;
import io.sluice.connectors.jdbc.JdbcSink;
import io.sluice.examples.db.EmbeddedH2;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The embedded H2 database the {@code stream} job stores every transaction in, table
 * {@code TRANSACTIONS}. Closing it ends the in-memory database.
 */
public final class TransactionStore implements AutoCloseable {
  private static final String INSERT = "INSERT INTO transactions (id, card, amount, city,"
      + " event_time) VALUES (?, ?, ?, ?, ?)";

  private final EmbeddedH2 h2;

  private TransactionStore(EmbeddedH2 h2) {
    this.h2 = h2;
  }

  /**
   * Creates a fresh in-memory store.
   *
   * @return the store
   * @throws SQLException if H2 cannot start
   */
  public static TransactionStore inMemory() throws SQLException {
    return new TransactionStore(EmbeddedH2.inMemory("transactions", "CREATE TABLE transactions ("
        + " id BIGINT PRIMARY KEY,"
        + " card VARCHAR(32) NOT NULL,"
        + " amount DECIMAL(12, 2) NOT NULL,"
        + " city VARCHAR(64) NOT NULL,"
        + " event_time TIMESTAMP NOT NULL)"));
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
   * Returns a JDBC sink inserting transactions into {@code TRANSACTIONS}.
   *
   * @return a new sink
   */
  public JdbcSink<CardTransaction> sink() {
    return Jdbc.sink(h2.dataSource(), INSERT, (insert, tx) -> {
      insert.setLong(1, tx.id());
      insert.setString(2, tx.card());
      insert.setBigDecimal(3, BigDecimal.valueOf(tx.amount()).setScale(2, RoundingMode.HALF_EVEN));
      insert.setString(4, tx.city().name());
      insert.setTimestamp(5, Timestamp.from(Instant.ofEpochMilli(tx.eventMillis())));
    });
  }

  /**
   * Counts the stored transactions.
   *
   * @return the rows in {@code TRANSACTIONS}
   * @throws SQLException if the query fails
   */
  public long count() throws SQLException {
    return h2.queryLong("SELECT COUNT(*) FROM transactions");
  }

  /**
   * Reads the ids of the stored transactions back.
   *
   * @return the ids, in increasing order
   * @throws SQLException if the query fails
   */
  public List<Long> ids() throws SQLException {
    return h2.query("SELECT id FROM transactions ORDER BY id", row -> row.getLong(1));
  }

  @Override
  public void close() throws SQLException {
    h2.close();
  }
}

package io.sluice.connectors.jdbc;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CheckpointStore} keeping one row per job in a table: the checkpoint's text
 * ({@link Checkpoint#toText()}) and when it was saved. Made by {@link Jdbc#checkpointStore}.
 *
 * <p>The table is created if missing ({@code CREATE TABLE IF NOT EXISTS}, H2 and PostgreSQL):
 * {@code job VARCHAR(200) PRIMARY KEY, checkpoint VARCHAR, saved_at TIMESTAMP}. A save updates the
 * job's row, or inserts it, in one transaction, so a reader sees the old checkpoint or the new
 * one. Keeping the checkpoint in the database the sinks write to lets a job commit both in the
 * same place.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  private final DataSource dataSource;
  private final String table;
  private final String job;
  private volatile boolean tableReady;

  JdbcCheckpointStore(DataSource dataSource, String table, String job) {
    this.dataSource = dataSource;
    this.table = table;
    this.job = job;
  }

  @Override
  public Optional<Checkpoint> load() throws SQLException {
    try (Connection connection = connected();
        PreparedStatement select = connection.prepareStatement(
            "SELECT checkpoint FROM " + table + " WHERE job = ?")) {
      select.setString(1, job);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        String text = row.getString(1);
        try {
          return Optional.of(Checkpoint.parse(text));
        } catch (IllegalArgumentException e) {
          throw new SQLException("table " + table + ": job '" + job + "' holds no checkpoint: "
              + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public void save(Checkpoint checkpoint) throws SQLException {
    String text = checkpoint.toText();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection = connected()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update = connection.prepareStatement(
              "UPDATE " + table + " SET checkpoint = ?, saved_at = ? WHERE job = ?");
          PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO " + table + " (job, checkpoint, saved_at) VALUES (?, ?, ?)")) {
        update.setString(1, text);
        update.setTimestamp(2, now);
        update.setString(3, job);
        if (update.executeUpdate() == 0) {
          insert.setString(1, job);
          insert.setString(2, text);
          insert.setTimestamp(3, now);
          insert.executeUpdate();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  @Override
  public void clear() throws SQLException {
    try (Connection connection = connected();
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM " + table + " WHERE job = ?")) {
      delete.setString(1, job);
      delete.executeUpdate();
    }
  }

  /** A connection, the table created first if this store has not made sure of it yet. */
  private Connection connected() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (!tableReady) {
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE TABLE IF NOT EXISTS " + table + " (job VARCHAR(200) PRIMARY KEY,"
            + " checkpoint VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL)");
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        tableReady = true;
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  @Override
  public String toString() {
    return "checkpoint table " + table + " (job '" + job + "')";
  }
}

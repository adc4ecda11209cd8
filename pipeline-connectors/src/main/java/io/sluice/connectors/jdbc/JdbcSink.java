package io.sluice.connectors.jdbc;

import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link Sink} executing one prepared statement per record over JDBC. Made by {@link Jdbc#sink}.
 *
 * <ul>
 *   <li>Batched dispatch ({@link #writeBatch}): the batch's records are bound and added with
 *       {@code addBatch}, sent with one {@code executeBatch}, and committed in one transaction.
 *   <li>Per-record dispatch ({@link #write}): one {@code executeUpdate} and one commit per record,
 *       so each record is durable before the next arrives.
 * </ul>
 *
 * <p>Every call is all or nothing: if binding, executing or committing fails, the transaction is
 * rolled back and the exception rethrown, so a failed batch leaves no trace in the database. That
 * is what lets an error policy retry it, or split it to find the record at fault, without writing a
 * record twice. If the connection is found broken after a failure, the next call opens a new one
 * from the data source.
 *
 * <p>The sink takes one connection when a run opens it and gives it back at close. It counts its
 * work ({@link #executions()}, {@link #commits()}...), readable from any thread.
 *
 * @param <T> the type of the records written
 */
public final class JdbcSink<T> implements Sink<T> {
  private static final int VALIDITY_TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;
  private final String sql;
  private final StatementBinder<? super T> binder;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong executions = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong rollbacks = new AtomicLong();
  private Connection connection;
  private PreparedStatement statement;

  JdbcSink(DataSource dataSource, String sql, StatementBinder<? super T> binder) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.binder = binder;
  }

  @Override
  public void open(StageContext context) throws SQLException {
    rowsWritten.set(0);
    executions.set(0);
    commits.set(0);
    rollbacks.set(0);
    connect();
  }

  @Override
  public void write(T record) throws SQLException {
    connectIfBroken();
    try {
      binder.bind(statement, record);
      statement.executeUpdate();
      executions.incrementAndGet();
      connection.commit();
      commits.incrementAndGet();
      rowsWritten.incrementAndGet();
    } catch (SQLException | RuntimeException e) {
      rollBack(e);
      throw e;
    }
  }

  @Override
  public void writeBatch(List<T> batch) throws SQLException {
    connectIfBroken();
    try {
      for (T record : batch) {
        binder.bind(statement, record);
        statement.addBatch();
      }
      statement.executeBatch();
      executions.incrementAndGet();
      connection.commit();
      commits.incrementAndGet();
      rowsWritten.addAndGet(batch.size());
    } catch (SQLException | RuntimeException e) {
      try {
        statement.clearBatch();
      } catch (SQLException clearFailed) {
        e.addSuppressed(clearFailed);
      }
      rollBack(e);
      throw e;
    }
  }

  /** Rolls the transaction back after {@code failure}, which the caller then rethrows. */
  private void rollBack(Exception failure) {
    try {
      connection.rollback();
      rollbacks.incrementAndGet();
    } catch (SQLException rollbackFailed) {
      failure.addSuppressed(rollbackFailed);
    }
    dropIfBroken(failure);
  }

  /** After a failure, gives up a connection that no longer works, so the next call reconnects. */
  private void dropIfBroken(Exception failure) {
    try {
      if (connection.isValid(VALIDITY_TIMEOUT_SECONDS)) {
        return;
      }
    } catch (SQLException checkFailed) {
      failure.addSuppressed(checkFailed);
    }
    try {
      disconnect();
    } catch (SQLException closeFailed) {
      failure.addSuppressed(closeFailed);
    }
  }

  private void connectIfBroken() throws SQLException {
    if (connection == null) {
      connect();
    }
  }

  private void connect() throws SQLException {
    Connection opened = dataSource.getConnection();
    try {
      opened.setAutoCommit(false);
      statement = opened.prepareStatement(sql);
      connection = opened;
    } catch (SQLException e) {
      try {
        opened.close();
      } catch (SQLException closeFailed) {
        e.addSuppressed(closeFailed);
      }
      throw e;
    }
  }

  private void disconnect() throws SQLException {
    Connection open = connection;
    PreparedStatement prepared = statement;
    connection = null;
    statement = null;
    if (open == null) {
      return;
    }
    try (open) {
      if (prepared != null) {
        prepared.close();
      }
    }
  }

  @Override
  public void close() throws SQLException {
    disconnect();
  }

  /**
   * Returns how many records the current (or last) run has committed.
   *
   * @return the records written
   */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  /**
   * Returns how many times a statement was sent: one {@code executeBatch} per batch, one
   * {@code executeUpdate} per record under per-record dispatch.
   *
   * @return the executions
   */
  public long executions() {
    return executions.get();
  }

  /**
   * Returns how many transactions were committed.
   *
   * @return the commits
   */
  public long commits() {
    return commits.get();
  }

  /**
   * Returns how many transactions were rolled back after a failure.
   *
   * @return the rollbacks
   */
  public long rollbacks() {
    return rollbacks.get();
  }

  /**
   * Returns the calls that went to the database: executions, commits and rollbacks.
   *
   * @return the round trips
   */
  public long roundTrips() {
    return executions() + commits() + rollbacks();
  }

  @Override
  public String toString() {
    return "JDBC " + sql;
  }
}

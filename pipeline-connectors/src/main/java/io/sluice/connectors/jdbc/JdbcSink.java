package io.sluice.connectors.jdbc;

import io.sluice.api.BatchRecordsFailedException;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * <p><b>What it guarantees: at least once, one transaction per call.</b> A call commits the records
 * it reports written and nothing else: if binding, executing or committing fails, the transaction
 * is rolled back and the exception rethrown, so a failed call leaves no trace and an error policy
 * may retry it without writing a record twice.
 *
 * <p><b>Per-record failures.</b> When the driver's {@link BatchUpdateException} says which rows
 * failed (an update count of {@link Statement#EXECUTE_FAILED}, or counts that stop at the failing
 * row), the sink rolls back, executes the batch again without them, commits the rest and throws a
 * {@link BatchRecordsFailedException} naming the failed records: only those take the stage's
 * error policy, with no split of the batch. A failure that names no row (a lost connection, a
 * driver without update counts) fails the whole call, as before.
 *
 * <p><b>Ambiguous commits.</b> If {@code commit} itself throws, the rows may or may not be stored
 * (the commit can succeed while its acknowledgement is lost). The sink remembers the records of
 * that call; when the error policy calls them again and a row is refused by an integrity
 * constraint (SQLState class {@code 23}, e.g. a duplicate primary key), that row is taken as
 * stored by the earlier commit and counted written, not failed, with a warning in the log. To be
 * exact rather than likely, make the statement idempotent ({@code MERGE}, {@code INSERT ... ON
 * CONFLICT DO NOTHING}). If the connection is found broken after a failure, the next call opens a
 * new one from the data source.
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
  private final AmbiguousCommits ambiguous = new AmbiguousCommits();
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
    Set<Object> uncertain = ambiguous.take();
    try {
      binder.bind(statement, record);
      statement.executeUpdate();
      executions.incrementAndGet();
    } catch (SQLException e) {
      rollBack(e);
      if (ambiguous.storedBefore(uncertain, record, e)) {
        rowsWritten.incrementAndGet();
        return;
      }
      throw e;
    } catch (RuntimeException e) {
      rollBack(e);
      throw e;
    }
    commit(List.of(record));
    rowsWritten.incrementAndGet();
  }

  @Override
  public void writeBatch(List<T> batch) throws SQLException, BatchRecordsFailedException {
    connectIfBroken();
    Set<Object> uncertain = ambiguous.take();
    BatchRecordsFailedException.Builder failed = BatchRecordsFailedException.builder();
    List<Integer> pending = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      pending.add(i);
    }
    int storedBefore = 0;
    while (true) {
      try {
        for (int index : pending) {
          binder.bind(statement, batch.get(index));
          statement.addBatch();
        }
        statement.executeBatch();
        executions.incrementAndGet();
        break;
      } catch (BatchUpdateException e) {
        executions.incrementAndGet();
        undo(e);
        List<Integer> refused = RefusedRows.of(e, pending);
        if (refused.isEmpty()) {
          throw e; // the driver named no row: the whole call failed
        }
        for (int index : refused) {
          pending.remove(Integer.valueOf(index));
          if (ambiguous.storedBefore(uncertain, batch.get(index), e)) {
            storedBefore++;
          } else {
            failed.fail(index, RefusedRows.cause(e, index));
          }
        }
        if (pending.isEmpty()) {
          break;
        }
      } catch (SQLException | RuntimeException e) {
        undo(e);
        throw e;
      }
    }
    if (!pending.isEmpty()) {
      commit(pending.stream().map(batch::get).toList());
    }
    rowsWritten.addAndGet(pending.size() + storedBefore);
    failed.throwIfAny();
  }

  /** Commits; if the commit throws, its records' fate is unknown until they are written again. */
  private void commit(List<T> records) throws SQLException {
    try {
      connection.commit();
      commits.incrementAndGet();
    } catch (SQLException e) {
      ambiguous.remember(records);
      rollBack(e);
      throw e;
    }
  }

  /** Clears the statement's batch and rolls back after {@code failure}. */
  private void undo(Exception failure) {
    try {
      statement.clearBatch();
    } catch (SQLException clearFailed) {
      failure.addSuppressed(clearFailed);
    }
    rollBack(failure);
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

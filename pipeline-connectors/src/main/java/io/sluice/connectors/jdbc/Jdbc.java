package io.sluice.connectors.jdbc;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where JDBC connectors are made.
 *
 * <pre>{@code
 * .to("save", Jdbc.sink(dataSource,
 *         "INSERT INTO orders (id, amount) VALUES (?, ?)",
 *         (statement, order) -> {
 *           statement.setString(1, order.id());
 *           statement.setBigDecimal(2, order.amount());
 *         }),
 *     Dispatch.batched(500, Duration.ofMillis(200)))
 * }</pre>
 */
public final class Jdbc {
  private Jdbc() {}

  /**
   * Returns a sink executing {@code sql} once per record, committed per batch.
   *
   * @param dataSource gives the sink its connection, taken when a run opens the sink
   * @param sql a statement with parameters ({@code INSERT}, {@code UPDATE}, {@code MERGE}...)
   * @param binder sets the statement's parameters from a record
   * @param <T> the record type
   * @return the sink
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code sql} is blank
   */
  public static <T> JdbcSink<T> sink(DataSource dataSource, String sql,
      StatementBinder<? super T> binder) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(binder, "binder");
    if (sql.isBlank()) {
      throw new IllegalArgumentException("the JDBC sink needs a statement, but sql was blank");
    }
    return new JdbcSink<>(dataSource, sql, binder);
  }

  /**
   * Returns an idempotent sink: each record is written by key, inserting the row or replacing the
   * one with the same key ({@link UpsertDialect}), so a record written twice (after a restart from
   * a checkpoint, or a retry) leaves the table as if written once. With checkpoints
   * ({@link io.sluice.api.Pipeline#withCheckpoints}) that makes a job's output effectively once.
   * Batching, transactions and failures are those of {@link #sink}.
   *
   * <pre>{@code
   * Jdbc.upsertSink(dataSource, UpsertDialect.POSTGRESQL, "orders", List.of("id"),
   *     List.of("id", "amount"), (statement, order) -> {
   *       statement.setString(1, order.id());
   *       statement.setBigDecimal(2, order.amount());
   *     })
   * }</pre>
   *
   * @param dataSource gives the sink its connection
   * @param dialect the database's upsert syntax: H2 or PostgreSQL
   * @param table the table, a plain identifier
   * @param keys the columns that identify a row (a primary key or unique constraint)
   * @param columns every column written, in the order {@code binder} sets the parameters
   * @param binder sets the statement's parameters from a record, one per column in order
   * @param <T> the record type
   * @return the sink
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if a name is not a plain identifier, or a key is not a column
   */
  public static <T> JdbcSink<T> upsertSink(DataSource dataSource, UpsertDialect dialect,
      String table, List<String> keys, List<String> columns, StatementBinder<? super T> binder) {
    Objects.requireNonNull(dialect, "dialect");
    return sink(dataSource, dialect.sql(table, List.copyOf(keys), List.copyOf(columns)), binder);
  }

  /**
   * Returns a checkpoint store keeping a job's last checkpoint in a table of the database, created
   * if missing (see {@link JdbcCheckpointStore}).
   *
   * @param dataSource where the table is
   * @param table the table, a plain identifier, e.g. {@code SLUICE_CHECKPOINTS}
   * @param job the job whose checkpoint the store keeps (one row per job), 1 to 200 characters
   * @return the store
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the table is not a plain identifier or the job name is
   *     empty or too long
   */
  public static JdbcCheckpointStore checkpointStore(DataSource dataSource, String table,
      String job) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(job, "job");
    UpsertDialect.checkIdentifier(table, "checkpoint table");
    if (job.isEmpty() || job.length() > 200) {
      throw new IllegalArgumentException("a checkpoint job name needs 1 to 200 characters, but '"
          + job + "' has " + job.length());
    }
    return new JdbcCheckpointStore(dataSource, table, job);
  }
}

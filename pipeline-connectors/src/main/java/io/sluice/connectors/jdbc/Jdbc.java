package io.sluice.connectors.jdbc;

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
}

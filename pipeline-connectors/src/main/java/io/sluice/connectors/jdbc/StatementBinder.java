package io.sluice.connectors.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Sets the parameters of a prepared statement from one record.
 *
 * @param <T> the type of the records bound
 */
@FunctionalInterface
public interface StatementBinder<T> {

  /**
   * Sets every parameter of the statement from the record.
   *
   * @param statement the statement, with the parameters of the previous record still set
   * @param record the record to write
   * @throws SQLException if a parameter cannot be set; the record's transaction is rolled back
   */
  void bind(PreparedStatement statement, T record) throws SQLException;
}

package io.sluice.connectors.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads which rows of a batch the driver refused from its {@link BatchUpdateException}: drivers
 * that go on after a failed row report {@link Statement#EXECUTE_FAILED} for it; drivers that stop
 * report counts only for the rows before it, so the next row is the one that failed (the rows
 * after it were not tried).
 */
final class RefusedRows {
  private RefusedRows() {}

  /**
   * Returns the batch indexes of the refused rows.
   *
   * @param failure what {@code executeBatch} threw
   * @param sent the batch indexes of the rows sent, in the order sent
   * @return the refused rows' batch indexes; empty if the driver's counts name none
   */
  static List<Integer> of(BatchUpdateException failure, List<Integer> sent) {
    int[] counts = failure.getUpdateCounts();
    List<Integer> refused = new ArrayList<>();
    if (counts == null) {
      return refused;
    }
    if (counts.length == sent.size()) {
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.EXECUTE_FAILED) {
          refused.add(sent.get(i));
        }
      }
    } else if (counts.length < sent.size()) {
      refused.add(sent.get(counts.length));
    }
    return refused;
  }

  /**
   * Returns why one row was refused: the driver's exception for that row when it chains one per
   * refused row, else the batch's exception.
   */
  static SQLException cause(BatchUpdateException failure, int index) {
    return new SQLException("row " + index + " of the batch was refused: "
        + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
  }
}

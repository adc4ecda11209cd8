package io.sluice.connectors.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of the last call whose {@code commit} threw: they may be stored (the commit can
 * succeed while its acknowledgement is lost). When the error policy writes them again, a row
 * refused by an integrity constraint (SQLState class {@code 23}, such as a duplicate key) is taken
 * as stored by that commit, so a stored row is not reported failed or dead-lettered. Kept only
 * until the next call: the policy retries at once.
 */
final class AmbiguousCommits {
  private static final Logger LOG = LoggerFactory.getLogger(AmbiguousCommits.class);
  private static final String INTEGRITY_CONSTRAINT_CLASS = "23";

  private Set<Object> uncertain = Set.of();

  /** Remembers the records of a call whose commit threw. */
  void remember(List<?> records) {
    Set<Object> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(records);
    uncertain = kept;
  }

  /** Returns the records of the previous call whose commit threw, and forgets them. */
  Set<Object> take() {
    Set<Object> taken = uncertain;
    uncertain = Set.of();
    return taken;
  }

  /**
   * Tells whether {@code record}, refused with {@code failure}, is most likely stored already:
   * it was in a call whose commit threw, and the refusal is an integrity constraint's.
   */
  boolean storedBefore(Set<Object> uncertainRecords, Object record, SQLException failure) {
    if (!uncertainRecords.contains(record) || !isConstraintViolation(failure)) {
      return false;
    }
    LOG.warn("a row refused with '{}' was in a call whose commit failed; taking it as stored by "
        + "that commit", failure.getMessage());
    return true;
  }

  private static boolean isConstraintViolation(SQLException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && sql.getSQLState().startsWith(INTEGRITY_CONSTRAINT_CLASS)) {
        return true;
      }
    }
    return false;
  }
}

package io.sluice.connectors.jdbc;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a database writes a row by key, inserting it or replacing the row with that key: the
 * statement of an idempotent JDBC sink ({@link Jdbc#upsertSink}), so that a record written again
 * after a restart leaves the table as it was. Each constant makes the statement in its database's
 * syntax, with one {@code ?} per column, in the order given.
 */
public enum UpsertDialect {
  /** H2 (1.4 and 2.x): {@code MERGE INTO t (columns) KEY (keys) VALUES (?, ...)}. */
  H2 {
    @Override
    String statement(String table, List<String> keys, List<String> columns) {
      return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
          + String.join(", ", keys) + ") VALUES (" + parameters(columns) + ")";
    }
  },
  /**
   * PostgreSQL 9.5 and later: {@code INSERT INTO t (columns) VALUES (?, ...) ON CONFLICT (keys)
   * DO UPDATE SET c = EXCLUDED.c, ...} ({@code DO NOTHING} when every column is a key). The keys
   * need a unique index or constraint.
   */
  POSTGRESQL {
    @Override
    String statement(String table, List<String> keys, List<String> columns) {
      List<String> values = columns.stream().filter(c -> !keys.contains(c)).toList();
      return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
          + parameters(columns) + ") ON CONFLICT (" + String.join(", ", keys) + ") DO "
          + (values.isEmpty() ? "NOTHING" : "UPDATE SET " + values.stream()
              .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
    }
  };

  /** Plain SQL identifiers, optionally schema-qualified: nothing that needs quoting. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  /**
   * Returns the statement writing one row of {@code table} by key.
   *
   * @param table the table, a plain identifier (optionally {@code schema.table})
   * @param keys the key columns, a non-empty subset of {@code columns}
   * @param columns every column written, in the order the binder sets them
   * @return the SQL
   * @throws IllegalArgumentException if a name is not a plain identifier, a key is not among the
   *     columns, a column repeats, or there is no key; naming it
   */
  public String sql(String table, List<String> keys, List<String> columns) {
    checkIdentifier(table, "upsert's table");
    if (columns.isEmpty() || keys.isEmpty()) {
      throw new IllegalArgumentException("an upsert into " + table + " needs columns and keys, "
          + "but had columns " + columns + " and keys " + keys);
    }
    columns.forEach(c -> checkIdentifier(c, "upsert's column"));
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("an upsert into " + table + " names a column twice: "
          + columns);
    }
    for (String key : keys) {
      if (!columns.contains(key)) {
        throw new IllegalArgumentException("key '" + key + "' of the upsert into " + table
            + " is not among its columns " + columns);
      }
    }
    return statement(table, List.copyOf(keys), List.copyOf(columns));
  }

  abstract String statement(String table, List<String> keys, List<String> columns);

  private static String parameters(List<String> columns) {
    return columns.stream().map(c -> "?").collect(Collectors.joining(", "));
  }

  /** Rejects a name that is not a plain identifier, so it can go into SQL unquoted. */
  static void checkIdentifier(String name, String what) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("the " + what + " name '" + name + "' is not "
          + "a plain SQL identifier (letters, digits, '_', optionally schema.name)");
    }
  }
}

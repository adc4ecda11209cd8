package io.sluice.connectors.csv;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The column names of one read, with their positions; shared by every row of that read. Names are
 * trimmed (a byte-order mark before the first is dropped) and must be unique and not blank.
 */
final class CsvHeader {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String source;
  private final List<String> names;
  private final Map<String, Integer> positions;

  private CsvHeader(String source, List<String> names) {
    this.source = source;
    this.names = List.copyOf(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < this.names.size(); i++) {
      String name = this.names.get(i);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            source + ": column " + (i + 1) + " of the header has no name: " + this.names);
      }
      if (index.putIfAbsent(name, i) != null) {
        throw new IllegalArgumentException(
            source + ": column '" + name + "' appears twice in the header " + this.names);
      }
    }
    this.positions = Map.copyOf(index);
  }

  /** Makes a header from raw names: trimmed, a leading byte-order mark dropped. */
  static CsvHeader of(String source, List<String> rawNames) {
    String[] names = new String[rawNames.size()];
    for (int i = 0; i < names.length; i++) {
      String name = rawNames.get(i);
      if (i == 0 && !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
        name = name.substring(1);
      }
      names[i] = name.trim();
    }
    return new CsvHeader(source, List.of(names));
  }

  /** The header of an input with no header line and no columns given: an empty file. */
  static CsvHeader empty(String source) {
    return new CsvHeader(source, List.of());
  }

  String source() {
    return source;
  }

  List<String> names() {
    return names;
  }

  /**
   * Returns the position of a column.
   *
   * @throws IllegalArgumentException if the header has no such column: a mistake in the code
   *     reading the rows (or the wrong file), not a bad line
   */
  int position(String column) {
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException(
          source + " has no column '" + column + "'; its columns are " + names);
    }
    return position;
  }

  boolean has(String column) {
    return positions.containsKey(column);
  }
}

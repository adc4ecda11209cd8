package io.sluice.connectors.csv;

/**
 * Where each line starts in the file, in bytes, for the lines between the last record the parser
 * returned and what it has read ahead: fed every character handed to the parser, asked for the
 * start of each record's first line, and forgetting the lines before it. Lines break as FastCSV
 * breaks them (CR, LF or CRLF, inside quoted fields too), so its record line numbers index this.
 * A character's bytes are computed, not counted, so only UTF-8 and single-byte charsets are
 * handled ({@link CsvFile#seekable}).
 */
final class LineStarts {
  private final boolean utf8;
  private long offset;
  private boolean afterCr;
  /** The starts of lines {@code first .. first + size - 1}, a ring from {@code head}. */
  private long[] starts = new long[64];
  private int head;
  private int size;
  private long first;

  /**
   * @param line the line the first character fed starts
   * @param offset that line's byte offset in the file
   * @param utf8 whether the file is UTF-8 (else one byte per character)
   */
  LineStarts(long line, long offset, boolean utf8) {
    this.utf8 = utf8;
    this.offset = offset;
    this.first = line;
    add(offset);
  }

  /** Counts a character the reader dropped (a byte order mark): its bytes, not a line. */
  void skipped(char c) {
    offset += bytes(c);
  }

  /** Takes characters handed to the parser, in order. */
  void accept(char[] buffer, int from, int length) {
    for (int i = from; i < from + length; i++) {
      char c = buffer[i];
      offset += bytes(c);
      if (c == '\n' && afterCr && size > 0) {
        starts[(head + size - 1) % starts.length] = offset; // CRLF: one break, after the LF
      } else if (c == '\n' || c == '\r') {
        add(offset);
      }
      afterCr = c == '\r';
    }
  }

  /**
   * Returns where {@code line} starts, forgetting the lines before it.
   *
   * @return the byte offset, or -1 if the line was not read (or was forgotten)
   */
  long startOf(long line) {
    while (size > 0 && first < line) {
      head = (head + 1) % starts.length;
      size--;
      first++;
    }
    return size > 0 && first == line ? starts[head] : -1;
  }

  private void add(long start) {
    if (size == starts.length) {
      long[] grown = new long[starts.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = starts[(head + i) % starts.length];
      }
      starts = grown;
      head = 0;
    }
    starts[(head + size) % starts.length] = start;
    size++;
  }

  private int bytes(char c) {
    if (!utf8 || c < 0x80) {
      return 1;
    }
    // a surrogate pair is one 4-byte sequence: 2 for each half
    return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
  }
}

package io.sluice.connectors.csv;

/**
 * Where a CSV source is: the line the last row read started on (the header's line before the
 * first row, 0 before anything), and, when the input is a file it can seek in, the byte offset
 * where that line starts. Written {@code line=N,offset=B}, or {@code line=N} without an offset
 * (the only form before offsets, still read).
 *
 * @param line the line, counting from 1; 0 for nothing read
 * @param offset the byte offset of the line's start, or -1 if unknown
 */
record CsvPosition(long line, long offset) {
  private static final String LINE = "line=";
  private static final String OFFSET = ",offset=";

  /**
   * Reads a position a CSV source wrote.
   *
   * @param source the source's name, for the message
   * @throws IllegalArgumentException if the text is not one, naming the source and the text
   */
  static CsvPosition parse(String source, String text) {
    if (text == null || !text.startsWith(LINE)) {
      throw notOne(source, text, null);
    }
    int comma = text.indexOf(OFFSET);
    try {
      long line = Long.parseLong(text.substring(LINE.length(), comma < 0 ? text.length() : comma)
          .trim());
      long offset = comma < 0 ? -1 : Long.parseLong(text.substring(comma + OFFSET.length()).trim());
      if (line < 0 || comma >= 0 && offset < 0) {
        throw new IllegalArgumentException(source + ": position '" + text + "' is negative");
      }
      return new CsvPosition(line, offset);
    } catch (NumberFormatException e) {
      throw notOne(source, text, e);
    }
  }

  private static IllegalArgumentException notOne(String source, String text, Exception cause) {
    return new IllegalArgumentException(source + ": position '" + text
        + "' is not one a CSV source writes (line=N or line=N,offset=B)", cause);
  }

  /** Tells whether the position says where its line starts. */
  boolean hasOffset() {
    return offset >= 0;
  }

  @Override
  public String toString() {
    return hasOffset() ? LINE + line + OFFSET + offset : LINE + line;
  }
}

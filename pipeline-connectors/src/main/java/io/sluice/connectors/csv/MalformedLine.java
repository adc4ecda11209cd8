package io.sluice.connectors.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes a line FastCSV could not split into fields. FastCSV's exception has no accessors, only
 * a message ending in "(record starting at line N)", so the line number is read from it (falling
 * back to the line after the last good record) and the line's content is read again from a fresh
 * copy of the input. This runs once, when the source fails, never on the normal path.
 */
final class MalformedLine {
  private static final Pattern LINE = Pattern.compile("\\(record starting at line (\\d+)\\)");
  private static final int MAX_TEXT = 1000;

  private MalformedLine() {}

  static long lineNumber(CsvParseException e, long fallback) {
    Matcher matcher = LINE.matcher(String.valueOf(e.getMessage()));
    return matcher.find() ? Long.parseLong(matcher.group(1)) : fallback;
  }

  static String reason(CsvParseException e) {
    return LINE.matcher(String.valueOf(e.getMessage())).replaceAll("").trim();
  }

  /** Returns the physical line {@code lineNumber} of a fresh copy of the input. */
  static String text(ReaderOpener opener, long lineNumber) {
    try (Reader reader = opener.open(); BufferedReader lines = new BufferedReader(reader)) {
      String line = null;
      for (long i = 1; i <= lineNumber; i++) {
        line = lines.readLine();
        if (line == null) {
          return "(line " + lineNumber + " is past the end of the input)";
        }
      }
      return line.length() <= MAX_TEXT ? line : line.substring(0, MAX_TEXT) + "...";
    } catch (IOException | RuntimeException e) {
      return "(content unavailable: " + e + ")";
    }
  }
}

package io.sluice.connectors.csv;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes fields back as one CSV line, with FastCSV's quoting; used for messages, not hot paths. */
final class CsvText {
  private CsvText() {}

  static String join(List<String> fields, char separator) {
    StringWriter text = new StringWriter();
    try (CsvWriter writer = CsvWriter.builder().fieldSeparator(separator)
        .lineDelimiter(LineDelimiter.LF).build(text)) {
      writer.writeRecord(fields);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to a string", e);
    }
    String line = text.toString();
    return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }
}

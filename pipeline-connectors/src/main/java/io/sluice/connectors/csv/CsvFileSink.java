package io.sluice.connectors.csv;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link Sink} writing one CSV line per record to a file, with FastCSV. Made by
 * {@link Csv#file}.
 *
 * <p>Each run creates the file afresh (replacing an existing one) and writes the header first.
 * Under {@link io.sluice.api.Dispatch#perRecord()} every record is flushed to the file as it is
 * written, so a reader following the file sees it at once; under a batched dispatch a batch is
 * flushed once, after its last record. A batch is converted to fields before anything is written,
 * so a record the conversion rejects fails the batch with none of it written; a failure of the
 * file system itself may leave part of a batch written.
 *
 * @param <T> the type of the records written
 */
public final class CsvFileSink<T> implements Sink<T> {
  private final Path file;
  private final List<String> header;
  private final Function<? super T, ? extends List<String>> fields;
  private final char separator;
  private final AtomicLong rowsWritten = new AtomicLong();
  private CsvWriter writer;

  CsvFileSink(Path file, List<String> header, Function<? super T, ? extends List<String>> fields,
      char separator) {
    this.file = file;
    this.header = header;
    this.fields = fields;
    this.separator = separator;
  }

  /**
   * Returns a copy writing fields separated by {@code separator} instead of a comma.
   *
   * @param separator the field separator
   * @return the changed copy
   * @throws IllegalArgumentException if the separator is a quote, CR or LF
   */
  public CsvFileSink<T> withSeparator(char separator) {
    if (separator == '"' || separator == '\r' || separator == '\n') {
      throw new IllegalArgumentException(file + ": the separator cannot be a quote or a line "
          + "break but was '" + separator + "'");
    }
    return new CsvFileSink<>(file, header, fields, separator);
  }

  /**
   * Returns the file written.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * Returns how many records the current (or last) run has written; safe from any thread.
   *
   * @return the records written, the header not counted
   */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  @Override
  public void open(StageContext context) throws IOException {
    rowsWritten.set(0);
    writer = CsvWriter.builder().fieldSeparator(separator).build(file, StandardCharsets.UTF_8);
    if (!header.isEmpty()) {
      writer.writeRecord(header);
      writer.flush();
    }
  }

  @Override
  public void write(T record) throws IOException {
    writer.writeRecord(fieldsOf(record));
    writer.flush();
    rowsWritten.incrementAndGet();
  }

  @Override
  public void writeBatch(List<T> batch) throws IOException {
    List<List<String>> lines = new ArrayList<>(batch.size());
    for (T record : batch) {
      lines.add(fieldsOf(record));
    }
    for (List<String> line : lines) {
      writer.writeRecord(line);
    }
    writer.flush();
    rowsWritten.addAndGet(lines.size());
  }

  private List<String> fieldsOf(T record) {
    List<String> line = Objects.requireNonNull(fields.apply(record),
        () -> file + ": the field function returned null for " + record);
    List<String> copy = new ArrayList<>(line.size());
    for (String field : line) {
      copy.add(field == null ? "" : field);
    }
    return copy;
  }

  @Override
  public void close() throws IOException {
    CsvWriter open = writer;
    writer = null;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public String toString() {
    return "CSV file " + file;
  }
}

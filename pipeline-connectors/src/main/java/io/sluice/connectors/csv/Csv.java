package io.sluice.connectors.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where CSV connectors are made.
 *
 * <pre>{@code
 * Pipeline.named("orders")
 *     .from("read", Csv.rows(Path.of("orders.csv")))        // Source<CsvRow>
 *     .map("parse", row -> new Order(row.require("id"), row.getDecimal("amount")))
 *     .to("export", Csv.file(Path.of("out.csv"), List.of("id", "amount"),
 *         o -> List.of(o.id(), o.amount().toPlainString())), Dispatch.batched(500));
 * }</pre>
 */
public final class Csv {
  private Csv() {}

  /**
   * Returns a source of the rows of a UTF-8 file whose first line is the header.
   *
   * @param file the file; opened at each run
   * @return the source, named after the file
   * @throws NullPointerException if {@code file} is {@code null}
   */
  public static CsvSource rows(Path file) {
    return rows(file, StandardCharsets.UTF_8);
  }

  /**
   * Returns a source of the rows of a file whose first line is the header. In UTF-8 or a
   * one-byte charset its checkpoint positions carry the byte offset of the last row read, and a
   * resumed run seeks there ({@link CsvSource}); in other charsets it resumes by line.
   *
   * @param file the file; opened at each run
   * @param charset the file's encoding
   * @return the source, named after the file
   * @throws NullPointerException if an argument is {@code null}
   */
  public static CsvSource rows(Path file, Charset charset) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(charset, "charset");
    Path name = file.getFileName();
    return rows(name == null ? file.toString() : name.toString(), new CsvFile(file, charset));
  }

  /**
   * Returns a source of the rows of any text input whose first line is the header: a classpath
   * resource, a download, a string in a test.
   *
   * @param name the input's name, used in every message about its lines
   * @param opener opens the input at each run
   * @return the source
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CsvSource rows(String name, ReaderOpener opener) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opener, "opener of CSV input '" + name + "'");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a CSV input needs a name, for its messages");
    }
    return new CsvSource(name, opener, ',', null, false);
  }

  /**
   * Returns a sink writing each record as one line of a UTF-8 CSV file, after a header line.
   *
   * @param file the file, created (or replaced) at each run
   * @param header the column names written first; empty for no header line
   * @param fields turns a record into its fields, in header order ({@code null} fields are
   *     written empty)
   * @param <T> the record type
   * @return the sink
   * @throws NullPointerException if an argument or a header name is {@code null}
   */
  public static <T> CsvFileSink<T> file(Path file, List<String> header,
      Function<? super T, ? extends List<String>> fields) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(fields, "fields function of CSV file " + file);
    return new CsvFileSink<>(file, List.copyOf(header), fields, ',');
  }
}

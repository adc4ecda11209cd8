package io.sluice.examples.sales;

import io.sluice.connectors.csv.Csv;
import io.sluice.connectors.csv.CsvSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sales CSV a job reads: the file bundled with the examples, or a generated one of any size
 * (deleted on close).
 */
final class SalesInput implements AutoCloseable {
  static final String BUNDLED = "sales.csv";

  private final CsvSource source;
  private final Path generated;
  private final long lines;
  /** Whether the generated file is deleted on close (not when a restartable job keeps it). */
  private final boolean temporary;

  private SalesInput(CsvSource source, Path generated, long lines) {
    this(source, generated, lines, true);
  }

  private SalesInput(CsvSource source, Path generated, long lines, boolean temporary) {
    this.source = source;
    this.generated = generated;
    this.lines = lines;
    this.temporary = temporary;
  }

  /** The bundled file: 47 data lines with the dirt real exports have. */
  static SalesInput bundled() {
    CsvSource source = Csv.rows(BUNDLED, () -> {
      InputStream in = SalesInput.class.getResourceAsStream(BUNDLED);
      if (in == null) {
        throw new IOException("the bundled " + BUNDLED + " is missing from the classpath");
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    });
    return new SalesInput(source, null, countDataLines());
  }

  /** A generated file of {@code rows} data lines, the same for the same seed. */
  static SalesInput generated(long rows, long seed) throws IOException {
    Path file = Files.createTempFile("sluice-sales-", ".csv");
    try {
      new SalesGenerator(seed).write(file, rows);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new SalesInput(Csv.rows(file), file, rows);
  }

  /**
   * A generated file kept in {@code dir} for a restartable job: written once (to a temporary
   * file moved into place, so a kill never leaves half a file), then read again by every run
   * that resumes, so that its positions keep their meaning.
   */
  static SalesInput kept(Path dir, long rows, long seed) throws IOException {
    Path file = dir.resolve("sales-" + rows + "-" + seed + ".csv");
    if (!Files.exists(file)) {
      Path partial = Files.createTempFile(dir, "sales-", ".partial");
      try {
        new SalesGenerator(seed).write(partial, rows);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
    return new SalesInput(Csv.rows(file), file, rows, false);
  }

  CsvSource source() {
    return source;
  }

  /** Describes the input for the job's first line. */
  String describe() {
    return generated == null
        ? BUNDLED + " (bundled, " + lines + " data lines)"
        : String.format("%,d generated data lines (%s)", lines, generated.getFileName());
  }

  long lines() {
    return lines;
  }

  private static long countDataLines() {
    try (InputStream in = SalesInput.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IOException("the bundled " + BUNDLED + " is missing from the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().count() - 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (generated != null && temporary) {
      Files.deleteIfExists(generated);
    }
  }
}

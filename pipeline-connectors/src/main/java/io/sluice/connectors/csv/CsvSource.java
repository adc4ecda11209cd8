package io.sluice.connectors.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import io.sluice.api.Emitter;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import io.sluice.connectors.csv.CsvRowException.Problem;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ResumableSource} of {@link CsvRow}s read with FastCSV: one row per line after the header, each
 * with its line number. Made by {@link Csv#rows}; settings are changed with the {@code with...}
 * methods, each returning a changed copy.
 *
 * <p>What it does with dirty input:
 * <ul>
 *   <li>Every line becomes a row, including lines with too few or too many fields, so a bad line
 *       is never lost; reading its fields raises a {@link CsvRowException} where the stage reading
 *       it can hand it to its error policy.
 *   <li>Blank lines are emitted too ({@link CsvRow#isBlank()}), unless
 *       {@link #skippingBlankLines()} is set; then they are counted ({@link #blankLinesSkipped()}).
 *   <li>A line that cannot be split into fields (an unclosed quote, text after a closing quote)
 *       fails the source with a {@link CsvRowException} of {@link Problem#MALFORMED} naming its
 *       line and content: the parser cannot find where the next line starts, so reading on would
 *       guess.
 * </ul>
 *
 * <p><b>Positions</b> (for {@linkplain io.sluice.api.Pipeline#withCheckpoints checkpoints}): the
 * line the last row read started on and, for a file read by {@link Csv#rows(java.nio.file.Path,
 * java.nio.charset.Charset)} in UTF-8 or a one-byte charset (ISO-8859-1, windows-1252...), the byte
 * offset where that line starts: {@code line=N,offset=B}. A run that resumes ({@link #openAt})
 * reads the header from the file's start, then seeks to byte {@code B} and drops the one row
 * starting there (the last one read before), so resuming costs the same wherever the position is
 * and a quoted field spanning lines is never cut. Without an offset ({@code line=N}: another
 * charset, an input given by a {@link ReaderOpener}, or a position written before offsets) it
 * parses and drops the rows that start on line {@code N} or before (about a second per few
 * million lines). The input must be the same file, unchanged, when the run resumes; a position no
 * row of the file starts at (past its end, or inside a line) fails the resume, naming it.
 *
 * <p>The input is opened afresh at each {@link #open}, so one instance can serve several runs one
 * after the other; it must not be read by two runs at once (pass {@code () -> Csv.rows(...)} to
 * give each run its own).
 */
public final class CsvSource implements ResumableSource<CsvRow> {
  private static final int ROWS_PER_POLL = 256;

  private final String name;
  private final ReaderOpener opener;
  private final char separator;
  private final List<String> header;
  private final boolean skipBlankLines;

  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong blankLinesSkipped = new AtomicLong();
  private CsvReader<CsvRecord> reader;
  private CloseableIterator<CsvRecord> records;
  private CsvHeader runHeader;
  private CountingReader input;
  private long lastLine;
  /** The byte offset where {@link #lastLine} starts, or -1 if unknown. */
  private long lastOffset;
  /** Where the file's lines start, if it can seek; {@code null} otherwise. */
  private LineStarts starts;
  /** What to add to the parser's line numbers: it counts from 1 where reading started. */
  private long lineBase;
  /** The first row after a resumed position, read while skipping to it; emitted first. */
  private CsvRecord resumedAt;
  private long resumedAtOffset;

  CsvSource(String name, ReaderOpener opener, char separator, List<String> header,
      boolean skipBlankLines) {
    this.name = name;
    this.opener = opener;
    this.separator = separator;
    this.header = header;
    this.skipBlankLines = skipBlankLines;
  }

  /**
   * Returns a copy reading fields separated by {@code separator} instead of a comma.
   *
   * @param separator the field separator, e.g. {@code ';'} or {@code '\t'}
   * @return the changed copy
   * @throws IllegalArgumentException if the separator is a quote, CR or LF
   */
  public CsvSource withSeparator(char separator) {
    if (separator == '"' || separator == '\r' || separator == '\n') {
      throw new IllegalArgumentException(
          name + ": the separator cannot be a quote or a line break but was '" + separator + "'");
    }
    return new CsvSource(name, opener, separator, header, skipBlankLines);
  }

  /**
   * Returns a copy for an input without a header line (a byte order mark at its start is dropped
   * all the same): every line is data, with these columns.
   *
   * @param columns the column names, unique and not blank
   * @return the changed copy
   * @throws NullPointerException if {@code columns} or one of them is {@code null}
   * @throws IllegalArgumentException if there is no column, or a name is blank or repeated
   */
  public CsvSource withHeader(String... columns) {
    List<String> names = List.of(columns);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(name + ": withHeader needs at least one column");
    }
    CsvHeader.of(name, names); // checks the names now, when the blueprint is written
    return new CsvSource(name, opener, separator, names, skipBlankLines);
  }

  /**
   * Returns a copy that does not emit blank lines but counts them in {@link #blankLinesSkipped()}.
   *
   * @return the changed copy
   */
  public CsvSource skippingBlankLines() {
    return new CsvSource(name, opener, separator, header, true);
  }

  /**
   * Returns the input's name, used in every message about its lines.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how many rows the current (or last) run has emitted; safe to call from any thread, for
   * progress displays.
   *
   * @return the rows emitted so far
   */
  public long rowsRead() {
    return rowsRead.get();
  }

  /**
   * Returns how many blank lines the current (or last) run has skipped (always 0 unless
   * {@link #skippingBlankLines()} is set).
   *
   * @return the blank lines skipped
   */
  public long blankLinesSkipped() {
    return blankLinesSkipped.get();
  }

  @Override
  public void open(StageContext context) throws IOException {
    rowsRead.set(0);
    blankLinesSkipped.set(0);
    lastLine = 0;
    lastOffset = -1;
    resumedAt = null;
    startReading(Objects.requireNonNull(opener.open(),
        () -> name + ": the opener returned no reader"), 1, 0);
    if (header != null) {
      runHeader = CsvHeader.of(name, header);
    } else {
      CsvRecord first = next();
      runHeader = first == null ? CsvHeader.empty(name) : CsvHeader.of(name, first.getFields());
    }
  }

  /** Starts the parser on {@code text}, which begins at {@code line}, byte {@code offset}. */
  private void startReading(Reader text, long line, long offset) {
    starts = opener instanceof CsvFile file && file.seekable()
        ? new LineStarts(line, offset, file.isUtf8()) : null;
    lineBase = line - 1;
    input = new CountingReader(text, line, starts);
    reader = CsvReader.builder()
        .fieldSeparator(separator)
        .skipEmptyLines(false)
        .allowUnclosedQuote(false)
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
        .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .build(CsvRecordHandler.of(), input);
    records = reader.iterator();
  }

  /**
   * Opens the input at the row after {@code position}: the header is read as usual; then, if the
   * position has a byte offset and the input is a file this source can seek in, the file is read
   * from that offset, dropping the row that starts there; otherwise the rows starting on or before
   * the position's line are parsed and dropped.
   *
   * @param context the run's context for this source
   * @param position {@code line=N,offset=B} or {@code line=N}, as {@link #position()} wrote it
   * @throws IllegalArgumentException if the position is not one of those, N or B negative
   * @throws IllegalStateException if no row of the input starts at the position (the input is
   *     shorter than it was, or changed), naming the input and the position
   * @throws IOException if the input cannot be opened
   */
  @Override
  public void openAt(StageContext context, String position) throws IOException {
    CsvPosition at = CsvPosition.parse(name, position);
    open(context);
    if (at.line() <= lastLine) {
      return; // the header's line, or nothing read: the rows follow
    }
    if (at.hasOffset() && opener instanceof CsvFile file && file.seekable()) {
      String problem = file.notALineStart(at.offset());
      if (problem != null) {
        throw changed(position, problem);
      }
      reader.close();
      startReading(file.openAt(at.offset()), at.line(), at.offset());
      CsvRecord last = next();
      if (last == null || lineOf(last) != at.line()) {
        throw changed(position, "no row starts at byte " + at.offset());
      }
      return;
    }
    long previous = lastLine;
    for (CsvRecord record = next(); record != null; record = next()) {
      if (lineOf(record) > at.line()) {
        if (previous != at.line()) {
          throw changed(position, "no row starts on line " + at.line());
        }
        resumedAt = record;
        resumedAtOffset = lastOffset;
        lastLine = at.line(); // the position stays the resumed one until that row is emitted
        lastOffset = -1;
        return;
      }
      previous = lastLine;
    }
    if (lastLine != at.line()) {
      throw changed(position, "its last row starts on line " + lastLine);
    }
  }

  private IllegalStateException changed(String position, String problem) {
    return new IllegalStateException(name + ": cannot resume at position '" + position + "': "
        + problem + "; the input changed since the checkpoint was taken");
  }

  private long lineOf(CsvRecord record) {
    return lineBase + record.getStartingLineNumber();
  }

  /**
   * Returns where the source is: {@code line=N,offset=B} (or {@code line=N} if it cannot seek),
   * the line the last row read (emitted, or skipped as blank) started on and that line's byte
   * offset; the header's line before the first row, {@code line=0} before anything.
   *
   * @return the position
   */
  @Override
  public String position() {
    return new CsvPosition(lastLine, lastLine == 0 ? -1 : lastOffset).toString();
  }

  @Override
  public boolean poll(Emitter<CsvRow> out) {
    for (int i = 0; i < ROWS_PER_POLL; i++) {
      CsvRecord record = resumedAt != null ? resumedAt : next();
      if (resumedAt != null) {
        resumedAt = null;
        lastLine = lineOf(record);
        lastOffset = resumedAtOffset;
      }
      if (record == null) {
        return false;
      }
      CsvRow row = new CsvRow(runHeader, lineOf(record), record.getFields(),
          separator);
      if (skipBlankLines && row.isBlank()) {
        blankLinesSkipped.incrementAndGet();
        continue;
      }
      rowsRead.incrementAndGet();
      out.emit(row);
    }
    return true;
  }

  /** Returns the next record, or {@code null} at the end of the input. */
  private CsvRecord next() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      CsvRecord record = records.next();
      lastLine = lineOf(record);
      lastOffset = starts == null ? -1 : starts.startOf(lastLine);
      return record;
    } catch (CsvParseException e) {
      throw malformed(e);
    } catch (UncheckedIOException e) {
      // the parser reads ahead: the line being decoded, not the last one parsed, is at fault
      long line = e.getCause() instanceof CharacterCodingException
          ? CountingReader.lineOfUnreadable(opener, input.line()) : input.line();
      throw new UncheckedIOException(name + ": reading line " + line + " failed (after line "
          + lastLine + ", the last one read whole): " + e.getCause(), e.getCause());
    }
  }

  private CsvRowException malformed(CsvParseException e) {
    long line = lineBase + MalformedLine.lineNumber(e, lastLine + 1 - lineBase);
    String text = MalformedLine.text(opener, line);
    return new CsvRowException(name, line, text, null, Problem.MALFORMED,
        "cannot be split into fields: " + MalformedLine.reason(e), e);
  }

  @Override
  public void close() throws IOException {
    CsvReader<CsvRecord> open = reader;
    reader = null;
    resumedAt = null;
    records = null;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public String toString() {
    return "CSV " + name;
  }
}

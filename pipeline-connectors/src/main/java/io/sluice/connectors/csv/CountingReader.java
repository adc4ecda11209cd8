package io.sluice.connectors.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * The reader under the CSV parser: drops a UTF-8 byte order mark at the very start (whether or not
 * the first line is a header), and counts the lines it has handed on, so that a failure to read
 * (an invalid byte for the charset) names the line it is on, although the parser reads ahead.
 */
final class CountingReader extends FilterReader {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private boolean started;
  private long lineBreaks;
  /** Fed what is handed on, to find lines' byte offsets; {@code null} if not wanted. */
  private final LineStarts starts;

  CountingReader(Reader in) {
    this(in, 1, null);
  }

  /**
   * @param firstLine the line the input starts on: 1 at the file's start (a byte order mark is
   *     dropped), more when reading from a line in the middle (nothing is dropped)
   * @param starts fed every character handed on, or {@code null}
   */
  CountingReader(Reader in, long firstLine, LineStarts starts) {
    super(in);
    this.lineBreaks = firstLine - 1;
    this.started = firstLine > 1;
    this.starts = starts;
  }

  /**
   * Returns the line the next character read belongs to, counting from 1.
   *
   * @return the line number
   */
  long line() {
    return lineBreaks + 1;
  }

  /**
   * Finds the line of the first character the input cannot decode: reads it again one character
   * at a time, so that a decoder read directly hands on everything before the bad bytes. A reader
   * that buffers ahead itself (a {@code BufferedReader}) loses its last buffer's characters, so the
   * line found may be a little early.
   *
   * @param opener opens the input again
   * @param fallback the line to report if reading again fails otherwise
   * @return the line, counting from 1
   */
  static long lineOfUnreadable(ReaderOpener opener, long fallback) {
    CountingReader again;
    try {
      again = new CountingReader(opener.open());
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
    try (again) {
      char[] one = new char[1];
      while (again.read(one, 0, 1) > 0) {
        // counting lines up to the bad bytes
      }
      return fallback; // read whole this time: keep what the first reading saw
    } catch (CharacterCodingException e) {
      return again.line();
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }

  @Override
  public int read() throws IOException {
    char[] one = new char[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0];
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0 && !started) {
      started = true;
      if (buffer[offset] == BYTE_ORDER_MARK) {
        if (starts != null) {
          starts.skipped(BYTE_ORDER_MARK);
        }
        System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
        n--;
        if (n == 0) {
          return read(buffer, offset, length);
        }
      }
    }
    for (int i = offset; i < offset + n; i++) {
      if (buffer[i] == '\n') {
        lineBreaks++;
      }
    }
    if (starts != null && n > 0) {
      starts.accept(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    char[] skipped = new char[(int) Math.min(n, 8192)];
    int read = read(skipped, 0, skipped.length);
    return Math.max(0, read);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}

package io.sluice.examples.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a job prints: whole lines, and one progress line that later output does not tangle with.
 * On a terminal the progress line is redrawn in place; elsewhere (a pipe, a log, a test) each
 * progress update is an ordinary line. Safe to use from several threads.
 */
public final class Console {
  private final PrintStream out;
  private final boolean interactive;
  private int progressWidth;
  private boolean progressLinesPrinted;

  /**
   * Creates a console.
   *
   * @param out where to print
   * @param interactive {@code true} to redraw the progress line in place (a terminal)
   */
  public Console(PrintStream out, boolean interactive) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
  }

  /**
   * Returns the console of this process: standard output, interactive if it is a terminal.
   *
   * @return the system console
   */
  public static Console system() {
    return new Console(System.out, System.console() != null);
  }

  /**
   * Prints a line, first clearing the progress line if one is shown.
   *
   * @param line the text
   */
  public synchronized void println(String line) {
    clearProgress();
    progressLinesPrinted = false;
    out.println(line);
    out.flush();
  }

  /**
   * Prints an empty line.
   */
  public void println() {
    println("");
  }

  /**
   * Prints formatted text as a line, formatted the same everywhere ({@link Locale#ROOT}).
   *
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  public void printf(String format, Object... args) {
    println(String.format(Locale.ROOT, format, args));
  }

  /**
   * Shows the progress line, replacing the previous one on a terminal.
   *
   * @param line the progress text
   */
  public synchronized void progress(String line) {
    if (!interactive) {
      out.println(line);
      out.flush();
      progressLinesPrinted = true;
      return;
    }
    clearProgress();
    out.print(line);
    out.flush();
    progressWidth = line.length();
  }

  /** Removes the progress line, if one is shown; off a terminal, ends progress lines with a gap. */
  public synchronized void endProgress() {
    clearProgress();
    if (progressLinesPrinted) {
      out.println();
      progressLinesPrinted = false;
    }
  }

  private void clearProgress() {
    if (progressWidth > 0) {
      out.print('\r' + " ".repeat(progressWidth) + '\r');
      progressWidth = 0;
    }
  }
}

package io.sluice.examples.console;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress line of a long run: every second, how many records are done and at what rate. It
 * first shows after one second, so a short run prints nothing. Close it when the run ends.
 */
public final class Progress implements AutoCloseable {
  private static final long PERIOD_MILLIS = 1000;

  private final ScheduledExecutorService timer;
  private final Console console;
  private final String label;
  private final LongSupplier done;
  private final long total;
  private final long startNanos = System.nanoTime();

  private Progress(Console console, String label, LongSupplier done, long total, boolean shown) {
    this.console = console;
    this.label = label;
    this.done = done;
    this.total = total;
    if (!shown) {
      this.timer = null;
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "progress");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::show, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts showing progress.
   *
   * @param console where to show it
   * @param label what is counted, e.g. {@code "rows saved"}
   * @param done reads the count so far; called from the progress thread
   * @param total the count at the end, or 0 if unknown
   * @param shown {@code false} to show nothing (tests, runs that must print only results)
   * @return the running display
   */
  public static Progress start(Console console, String label, LongSupplier done, long total,
      boolean shown) {
    return new Progress(console, label, done, total, shown);
  }

  private void show() {
    long count = done.getAsLong();
    console.progress(line(label, count, total, System.nanoTime() - startNanos));
  }

  /**
   * Formats a progress line, e.g. {@code "  rows saved 120,000 of 1,000,000 (12%), 61,234/s"}.
   *
   * @param label what is counted
   * @param count the count so far
   * @param total the final count, or 0 if unknown
   * @param elapsedNanos time since the start
   * @return the line
   */
  static String line(String label, long count, long total, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    String of = total > 0
        ? String.format(Locale.ROOT, " of %,d (%d%%)", total, count * 100 / total) : "";
    return String.format(Locale.ROOT, "  %s %,d%s, %,.0f/s, %.0f s", label, count, of,
        count / seconds, seconds);
  }

  /** Stops the display and removes the progress line. */
  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the interrupt for the caller to see
    }
    console.endProgress();
  }
}

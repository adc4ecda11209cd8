package io.sluice.examples.enrich;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow remote FX-rate service, simulated: every lookup takes {@code latency} (a network round
 * trip). {@link #rate} blocks the caller for it (the thread is parked, as on a socket read);
 * {@link #rateAsync} answers that much later from one timer thread, as a non-blocking client's
 * event loop would. The rates themselves are fixed, so every variant gives the same output.
 */
public final class RateService implements AutoCloseable {
  private final long latencyNanos;
  private final ScheduledExecutorService eventLoop = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "rate-service-event-loop");
        thread.setDaemon(true);
        return thread;
      });

  /**
   * Creates the service.
   *
   * @param latency the round trip of every lookup
   */
  public RateService(Duration latency) {
    this.latencyNanos = latency.toNanos();
  }

  /**
   * Looks a rate up, blocking for the round trip.
   *
   * @param currency the currency
   * @return units of EUR per unit of the currency
   */
  public double rate(String currency) {
    long end = System.nanoTime() + latencyNanos;
    for (long left = latencyNanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    return fixedRate(currency);
  }

  /**
   * Looks a rate up without blocking: the answer comes after the round trip.
   *
   * @param currency the currency
   * @return completes with the rate
   */
  public CompletableFuture<Double> rateAsync(String currency) {
    CompletableFuture<Double> answer = new CompletableFuture<>();
    eventLoop.schedule(() -> answer.complete(fixedRate(currency)), latencyNanos,
        TimeUnit.NANOSECONDS);
    return answer;
  }

  private static double fixedRate(String currency) {
    return switch (currency) {
      case "USD" -> 0.92;
      case "GBP" -> 1.17;
      case "CHF" -> 1.04;
      default -> 1.0;
    };
  }

  @Override
  public void close() {
    eventLoop.shutdownNow();
  }
}

package io.sluice.examples;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The README's quick start, kept compiling and tested. */
public final class QuickStart {
  private QuickStart() {}

  /** An order as read from a feed. */
  public record Order(String id, String customer, double amount) {}

  /**
   * Runs the quick-start pipeline and returns its report.
   *
   * @param saved where the sink puts the orders it saves
   * @return the run's report
   * @throws InterruptedException if interrupted while running
   */
  public static PipelineReport run(List<Order> saved) throws InterruptedException {
    // --- quick start (README) ---
    Pipeline<Order> job = Pipeline.named("orders")
        .from("read", Source.of(
            new Order("o1", "  Alice ", 12.50), new Order("o2", "BOB", -3.00),
            new Order("o3", "carol", 40.00), new Order("o4", "Dave", 7.25)))
        .map("clean", o -> new Order(o.id(), o.customer().trim().toLowerCase(), o.amount()))
        .filter("valid", o -> o.amount() > 0)
        .to("save", saved::add,                                  // any Sink<Order>
            Dispatch.batched(3, Duration.ofMillis(200)));       // batch: 3 at a time or 200 ms
            // Dispatch.perRecord()                             // streaming: each as it comes

    System.out.println(job.describe());
    PipelineReport report = job.run();                           // blocks until the source ends
    System.out.println(report);
    // --- end of quick start ---
    return report;
  }

  /**
   * Runs the quick start from the command line.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    run(new CopyOnWriteArrayList<>());
  }
}

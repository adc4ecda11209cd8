package io.sluice.examples;

import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one entry point of the examples jar: {@code java -jar sluice-examples.jar [job]}. */
public final class Main {
  private Main() {}

  /**
   * Runs the named job (default: {@code quickstart}).
   *
   * @param args the job name, then the job's own options
   * @throws Exception if the job fails
   */
  public static void main(String[] args) throws Exception {
    String job = args.length == 0 ? "quickstart" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (job) {
      case "quickstart" -> QuickStart.run(new CopyOnWriteArrayList<>());
      default -> {
        System.err.println("unknown job '" + job + "'; jobs: quickstart " + String.join(" ", rest));
        System.exit(2);
      }
    }
  }
}

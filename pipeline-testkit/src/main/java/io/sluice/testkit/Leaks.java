package io.sluice.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link LeakCheck} found: the pipeline runs left running and the {@code sluice-} threads
 * left alive.
 *
 * @param runs the runs left running, each as {@code 'name' (mode)}
 * @param threads the threads left alive
 */
public record Leaks(List<String> runs, List<Thread> threads) {

  /**
   * Creates the finding, copying the lists.
   *
   * @param runs the runs left running
   * @param threads the threads left alive
   * @throws NullPointerException if a list or an element is {@code null}
   */
  public Leaks {
    runs = List.copyOf(runs);
    threads = List.copyOf(threads);
  }

  /**
   * Tells whether nothing leaked.
   *
   * @return {@code true} if no run and no thread was left
   */
  public boolean isEmpty() {
    return runs.isEmpty() && threads.isEmpty();
  }

  /**
   * Returns the names of the threads left alive, sorted.
   *
   * @return the names
   */
  public List<String> threadNames() {
    return threads.stream().map(Thread::getName).sorted().toList();
  }

  /**
   * Describes the leaks in a sentence that names every run and thread.
   *
   * @return the description, or {@code "no leaks"}
   */
  public String describe() {
    if (isEmpty()) {
      return "no leaks";
    }
    StringBuilder text = new StringBuilder("Sluice leak check failed:");
    if (!runs.isEmpty()) {
      text.append(" the test left ").append(runs.size()).append(" pipeline run(s) running: ")
          .append(String.join(", ", runs)).append('.');
    }
    if (!threads.isEmpty()) {
      text.append(' ').append(threads.size()).append(" sluice- thread(s) still alive: ")
          .append(threadNames().stream().collect(Collectors.joining(", "))).append('.');
    }
    return text.append(" End every run a test starts: close() it (try-with-resources), await its")
        .append(" completion, or cancel() it. (The runs were cancelled after this check.)")
        .toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}

package io.sluice.runtime;

import java.util.List;

/** Finds the runtime's threads still alive, for leak assertions. */
final class SluiceThreads {
  private SluiceThreads() {}

  static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("sluice-"))
        .sorted()
        .toList();
  }
}

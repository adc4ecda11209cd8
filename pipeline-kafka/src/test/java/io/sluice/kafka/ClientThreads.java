package io.sluice.kafka;

import java.util.List;

/** The live threads of Kafka clients and pipelines a test started, to check none is left behind. */
final class ClientThreads {
  private ClientThreads() {}

  /** Names of live threads whose name contains one of the given parts. */
  static List<String> named(String... parts) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> List.of(parts).stream().anyMatch(name::contains))
        .sorted().toList();
  }
}

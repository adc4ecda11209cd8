package io.sluice.benchmarks.kafka;

/**
 * The work both Kafka rows do per message: read the value as a number, compute {@code 3x + 1},
 * and write it back as text under the message's key. Parsing and formatting are what a real
 * consume-transform-produce job spends its own time on.
 */
final class KafkaWork {
  private KafkaWork() {}

  /**
   * One processed message.
   *
   * @param key the input message's key, kept
   * @param value the computed number
   */
  record Out(String key, long value) {
    /** The value as the produced message carries it. */
    String text() {
      return Long.toString(value);
    }
  }

  static Out apply(String key, String value) {
    return new Out(key, 3 * Long.parseLong(value) + 1);
  }

  /** The sum of the computed values over inputs {@code 0..records-1}. */
  static long expectedSum(long records) {
    return 3 * (records * (records - 1) / 2) + records;
  }
}

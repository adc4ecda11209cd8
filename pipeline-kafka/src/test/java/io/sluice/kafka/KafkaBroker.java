package io.sluice.kafka;

import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The name this module's tests give the broker: they were written against it before it moved to
 * pipeline-kafka-testkit as {@link EmbeddedKafkaBroker}, to which this only delegates. A static
 * {@code @RegisterExtension} field starts it before the class's first test and stops it after
 * the last.
 */
final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    broker.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    broker.afterAll(context);
  }

  /** Formats a fresh storage directory and starts the broker on free loopback ports. */
  void start() throws Exception {
    broker.start();
  }

  /** Stops the broker and starts it again with the same ports and data. */
  void restart() {
    broker.restart();
  }

  /** Stops the broker, waiting for it, and deletes its directory. */
  void stop() throws IOException {
    broker.close();
  }

  /** The {@code bootstrap.servers} of this broker. */
  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Creates a topic with the given partitions, waiting until the broker has it. */
  void createTopic(String topic, int partitions) {
    broker.createTopic(topic, partitions);
  }
}

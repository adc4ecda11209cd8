package io.sluice.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The embedded broker as a plain resource and as a JUnit 5 extension. */
class EmbeddedKafkaBrokerTest {
  private static void send(String servers, String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, value)).get();
    }
  }

  private static List<String> readAll(String servers, String topic, int expected) {
    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
      }
    }
    return read;
  }

  private static boolean listening(String servers) throws IOException {
    String[] hostPort = servers.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }

  @Test
  void aPlainResourceServesKeepsItsDataAcrossARestartAndReleasesItsPortWhenClosed()
      throws Exception {
    String servers;
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start()) {
      servers = kafka.bootstrapServers();
      assertThat(servers).startsWith("127.0.0.1:");
      kafka.createTopic("kept", 2);
      send(servers, "kept", "before");

      kafka.restart();

      assertThat(kafka.bootstrapServers()).isEqualTo(servers);
      send(servers, "kept", "after");
      assertThat(readAll(servers, "kept", 2)).containsExactlyInAnyOrder("before", "after");
      assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(servers);
      assertThat(kafka.isRunning()).isTrue();
      kafka.close();
      assertThat(kafka.isRunning()).isFalse();
      assertThatThrownBy(kafka::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }
    assertThat(listening(servers)).isFalse();
  }

  @Test
  void brokerPropertiesReplaceDefaultsAndTheOnesItSetsItselfAreRefused() throws Exception {
    assertThatThrownBy(() -> new EmbeddedKafkaBroker(Map.of("listeners", "PLAINTEXT://:9092")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'listeners'");
    assertThatThrownBy(() -> new EmbeddedKafkaBroker().createTopic("t", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    try (EmbeddedKafkaBroker kafka =
        new EmbeddedKafkaBroker(Map.of("auto.create.topics.enable", "true")).start()) {
      send(kafka.bootstrapServers(), "made-on-first-use", "v");
      assertThat(readAll(kafka.bootstrapServers(), "made-on-first-use", 1)).containsExactly("v");
    }
  }

  @Test
  void anExtensionInAStaticFieldServesTheClassAndOneInAnInstanceFieldEachTest() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(StaticField.class), selectClass(InstanceField.class))
        .execute().testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

    assertThat(StaticField.SEEN).hasSize(1); // one broker for both tests
    // each instance-field test created topic t: had they shared a broker, the second would fail
    assertThat(StaticField.BROKER.isRunning()).isFalse();
  }

  /** Run by the test above only, through the engine test kit. */
  static class StaticField {
    @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void first() {
      BROKER.createTopic("first", 1);
      SEEN.add(BROKER.bootstrapServers());
    }

    @Test
    void second() {
      BROKER.createTopic("second", 1);
      SEEN.add(BROKER.bootstrapServers());
    }
  }

  /** Run by the test above only, through the engine test kit. */
  static class InstanceField {
    @RegisterExtension final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();

    @Test
    void first() {
      broker.createTopic("t", 1);
    }

    @Test
    void second() {
      broker.createTopic("t", 1); // a fresh broker: the topic does not exist yet
    }
  }
}

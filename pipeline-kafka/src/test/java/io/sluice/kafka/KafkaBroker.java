package io.sluice.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), run inside the test
 * JVM from the Maven Central artifacts alone: its storage is formatted with {@link StorageTool}
 * and a {@link KafkaRaftServer} serves it on two 127.0.0.1 ports chosen at run time. Register it
 * as a static {@code @RegisterExtension} field: it starts before the class's first test and
 * stops, deleting its directory, after the last; {@link #restart()} stops and starts it again on
 * the same ports and data, for tests of a broker restarted mid-run.
 */
final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private KafkaConfig config;
  private KafkaRaftServer server;
  private int brokerPort;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Formats a fresh storage directory and starts the broker on free loopback ports. */
  void start() throws Exception {
    dir = Files.createTempDirectory("sluice-kafka-");
    brokerPort = freePort();
    int controllerPort = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.resolve("data").toString());
    // one node: every internal topic has one replica, and needs only that one in sync
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "sluice test broker");
    }
    ByteArrayOutputStream formatted = new ByteArrayOutputStream();
    int status = StorageTool.execute(new String[] {"format", "--cluster-id",
        Uuid.randomUuid().toString(), "--config", file.toString(), "--ignore-formatted"},
        new PrintStream(formatted, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException("formatting the broker's storage failed (" + status + "): "
          + formatted.toString(StandardCharsets.UTF_8));
    }
    config = KafkaConfig.fromProps(props, false);
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
  }

  /** Stops the broker and starts it again with the same ports and data. */
  void restart() {
    shutdown();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
  }

  /** Stops the broker, waiting for it, and deletes its directory. */
  void stop() throws IOException {
    try {
      shutdown();
    } finally {
      if (dir != null) {
        deleteTree(dir);
        dir = null;
      }
    }
  }

  private void shutdown() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** The {@code bootstrap.servers} of this broker. */
  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Creates a topic with the given partitions, waiting until the broker has it. */
  void createTopic(String topic, int partitions) {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating topic " + topic + " failed", e.getCause());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}

package io.sluice.kafka.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one) running inside this
 * JVM, for tests and demos, like spring-kafka-test's {@code EmbeddedKafkaBroker}: its storage is
 * formatted with Kafka's {@code StorageTool} in a fresh temporary directory and a
 * {@code KafkaRaftServer} serves it on two 127.0.0.1 ports chosen when it starts. The internal
 * topics (consumer offsets, transactions, share groups) have one replica and need one in sync, so
 * idempotent and transactional producers and consumer groups work on the single node; topics are
 * not created on first use ({@link #createTopic}).
 *
 * <p>As a JUnit 5 extension, registered in a static field, it starts before the class's first
 * test and stops after its last; in an instance field, around each test:
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaBroker KAFKA = new EmbeddedKafkaBroker();
 * ... KafkaSource.builder(KAFKA.bootstrapServers(), "group", keys, values) ...
 * }</pre>
 *
 * <p>As a plain resource: {@code try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker()
 * .start()) { ... }}. {@link #close()} stops the broker, waiting for it, and deletes its
 * directory; nothing stays behind. The broker logs through SLF4J under {@code kafka} and
 * {@code org.apache.kafka}: set those to WARN in the test's logging configuration (it is
 * talkative at INFO). It starts in about two seconds. Thread-safe.
 */
public final class EmbeddedKafkaBroker
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  /** What this class sets itself: the listeners, the roles and where the data goes. */
  private static final Set<String> RESERVED = Set.of("process.roles", "node.id",
      "controller.quorum.voters", "listeners", "advertised.listeners",
      "controller.listener.names", "listener.security.protocol.map",
      "inter.broker.listener.name", "log.dirs", "log.dir");

  private final Map<String, String> overrides;
  private Path dir;
  private KafkaConfig config;
  private KafkaRaftServer server;
  private int brokerPort;
  private boolean startedForOneTest;

  /** Creates a broker with the default settings; {@link #start()} starts it. */
  public EmbeddedKafkaBroker() {
    this(Map.of());
  }

  /**
   * Creates a broker with some broker properties of its own, e.g.
   * {@code Map.of("message.max.bytes", "2000000", "auto.create.topics.enable", "true")}; they
   * replace the defaults of the same name.
   *
   * @param brokerProperties broker properties (Kafka's {@code server.properties} names)
   * @throws NullPointerException if the map, a name or a value is {@code null}
   * @throws IllegalArgumentException if a property is one the class sets itself (listeners,
   *     roles, node id, quorum, log directories), naming it
   */
  public EmbeddedKafkaBroker(Map<String, String> brokerProperties) {
    Objects.requireNonNull(brokerProperties, "brokerProperties");
    brokerProperties.forEach((name, value) -> {
      Objects.requireNonNull(value, () -> "value of broker property " + name);
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("broker property '" + name + "' is set by the "
            + "embedded broker itself (one node on loopback ports in a temporary directory)");
      }
    });
    this.overrides = Map.copyOf(brokerProperties);
  }

  /**
   * Formats a fresh storage directory and starts the broker on free loopback ports, returning
   * once it serves.
   *
   * @return this broker, for {@code try (var kafka = new EmbeddedKafkaBroker().start())}
   * @throws IllegalStateException if it is running already, or the storage cannot be formatted
   * @throws IOException if the temporary directory cannot be made
   */
  public synchronized EmbeddedKafkaBroker start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("the embedded Kafka broker is running already, at "
          + bootstrapServers());
    }
    dir = Files.createTempDirectory("sluice-kafka-");
    try {
      brokerPort = freePort();
      Properties props = BrokerProperties.singleNode(brokerPort, freePort(), dir.resolve("data"));
      props.putAll(overrides);
      format(props);
      config = KafkaConfig.fromProps(props, false);
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
    } catch (IOException | RuntimeException e) {
      server = null;
      TempDirectory.delete(dir);
      dir = null;
      throw e;
    }
    LOG.info("embedded Kafka broker serves {} (data in {})", bootstrapServers(), dir);
    return this;
  }

  private void format(Properties props) throws IOException {
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "sluice embedded broker");
    }
    ByteArrayOutputStream formatted = new ByteArrayOutputStream();
    int status = StorageTool.execute(new String[] {"format", "--cluster-id",
        Uuid.randomUuid().toString(), "--config", file.toString(), "--ignore-formatted"},
        new PrintStream(formatted, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException("formatting the broker's storage failed (" + status + "): "
          + formatted.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Stops the broker and starts it again on the same ports with the same data, as a broker
   * restarted by its operator: clients see it go away and come back.
   *
   * @throws IllegalStateException if it was never started or has been closed
   */
  public synchronized void restart() {
    if (config == null) {
      throw new IllegalStateException("the embedded Kafka broker is not started");
    }
    shutdown();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
  }

  /**
   * Stops the broker, waiting for it, and deletes its directory. Does nothing if it is not
   * running; it may be started again afterwards (on new ports, with no data).
   *
   * @throws IOException if the directory cannot be deleted
   */
  @Override
  public synchronized void close() throws IOException {
    try {
      shutdown();
    } finally {
      config = null;
      if (dir != null) {
        Path deleting = dir;
        dir = null;
        TempDirectory.delete(deleting);
      }
    }
  }

  private void shutdown() {
    if (server != null) {
      KafkaRaftServer stopping = server;
      server = null;
      stopping.shutdown();
      stopping.awaitShutdown();
    }
  }

  /**
   * Tells whether the broker is serving.
   *
   * @return {@code true} between {@link #start()} and {@link #close()}
   */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Returns what clients set as {@code bootstrap.servers}; the same across {@link #restart()}.
   *
   * @return {@code 127.0.0.1:port}
   * @throws IllegalStateException if the broker was never started or has been closed
   */
  public synchronized String bootstrapServers() {
    if (config == null) {
      throw new IllegalStateException("the embedded Kafka broker is not started");
    }
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * Creates a topic with one replica, returning once the broker leads each of its partitions, so
   * a producer can write to it at once.
   *
   * @param topic the topic's name
   * @param partitions its partitions, at least 1
   * @throws IllegalArgumentException if {@code partitions} is below 1
   * @throws IllegalStateException if the broker is not running or refused the topic (e.g. it
   *     exists), with the broker's reason as the cause
   */
  public void createTopic(String topic, int partitions) {
    Objects.requireNonNull(topic, "topic");
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + topic + " needs at least 1 partition but "
          + "was given " + partitions);
    }
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      // createTopics returns once the controller has the topic, maybe before this broker leads
      // its partitions: a producer writing then gets NOT_LEADER_OR_FOLLOWER, and the idempotent
      // producer's retry can be refused for good. Offsets are listed only by a partition's leader
      // (the admin client retries until then), so once they are, the topic is ready for use.
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      awaitLeaders(admin, topic, latest);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating topic " + topic + " failed", e.getCause());
    }
  }
  /**
   * Waits until the broker answers for every partition as its leader: the metadata of a new topic
   * reaches the broker a little after the controller has it, and until then the answer is a
   * retriable error (unknown topic, no leader yet), so this asks again for up to 30 s.
   */
  private static void awaitLeaders(Admin admin, String topic,
      Map<TopicPartition, OffsetSpec> partitions) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.listOffsets(partitions).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        LOG.debug("topic {} has no leader yet ({}); asking again", topic, e.getCause().toString());
        Thread.sleep(20);
      }
    }
  }


  /**
   * Starts the broker before the test class's first test (a static field).
   *
   * @param context the class's context
   * @throws IOException if the broker cannot start
   */
  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    start();
  }

  /**
   * Stops the broker after the class's last test.
   *
   * @param context the class's context
   * @throws IOException if its directory cannot be deleted
   */
  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close();
  }

  /**
   * Starts the broker before a test if it is not running (an instance field).
   *
   * @param context the test's context
   * @throws IOException if the broker cannot start
   */
  @Override
  public synchronized void beforeEach(ExtensionContext context) throws IOException {
    if (server == null) {
      start();
      startedForOneTest = true;
    }
  }

  /**
   * Stops the broker after a test if {@link #beforeEach} started it.
   *
   * @param context the test's context
   * @throws IOException if its directory cannot be deleted
   */
  @Override
  public synchronized void afterEach(ExtensionContext context) throws IOException {
    if (startedForOneTest) {
      startedForOneTest = false;
      close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  @Override
  public synchronized String toString() {
    return server == null ? "EmbeddedKafkaBroker(stopped)"
        : "EmbeddedKafkaBroker(" + bootstrapServers() + ")";
  }
}

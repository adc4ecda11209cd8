package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.kafka.KafkaRecord;
import io.sluice.kafka.KafkaSource;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import io.sluice.testkit.conformance.Recorder;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka source commits its group's offsets when Flink's checkpoints complete. */
class KafkaOnFlinkTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();
  @RegisterExtension
  static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final int RECORDS = 40;

  private final Recorder recorder = Recorder.create();

  @AfterEach
  void forget() {
    recorder.close();
  }

  @Test
  void theKafkaSourceCommitsItsOffsetsWhenAFlinkCheckpointCompletes() throws Exception {
    BROKER.createTopic("orders", 2);
    List<String> values = IntStream.range(0, RECORDS).mapToObj(i -> "v" + i).toList();
    produce("orders", values);
    String servers = BROKER.bootstrapServers();
    Function<KafkaRecord<String, String>, String> value =
        (Function<KafkaRecord<String, String>, String> & Serializable) KafkaRecord::value;
    Pipeline<KafkaRecord<String, String>> pipeline = Pipeline.named("kafka-on-flink")
        .from("in", () -> KafkaSource.builder(servers, "flink-group", new StringDeserializer(),
            new StringDeserializer()).topics("orders").build())
        .map("value", value)
        .to("out", recorder.sink("out"));

    RunningPipeline<KafkaRecord<String, String>> run = pipeline.start(FlinkRunner.on(() -> {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.enableCheckpointing(50);
      return env;
    }));
    try {
      // nothing commits offsets but the source, told by Flink's completed checkpoints
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> committedTotal("flink-group") == RECORDS);
      assertThat(recorder.records("out")).containsAll(values);
    } finally {
      run.close(); // an unbounded source: the job is cancelled
    }
  }

  private static void produce(String topic, List<String> values) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (String v : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, v, v)));
      }
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** The sum of the offsets the group committed over the topic's partitions. */
  private static long committedTotal(String group) throws Exception {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
      Map<?, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().filter(o -> o != null)
          .mapToLong(OffsetAndMetadata::offset).sum();
    }
  }
}

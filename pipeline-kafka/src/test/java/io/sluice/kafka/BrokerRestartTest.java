package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stopped and started again (same ports, same data) while a pipeline consumes,
 * processes and produces: the consumer waits and rejoins, the idempotent producer retries its
 * sends (delivery.timeout.ms, two minutes, outlasts the restart), so the sink's sends end well
 * and no stage fails; every record arrives, and a record arrives twice only if the source read it
 * twice (its partition went back to the last committed checkpoint).
 */
class BrokerRestartTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final Topics topics = new Topics(BROKER);

  private static List<String> values(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "r" + i).toList();
  }

  @Test
  void aPipelineKeepsRunningAcrossABrokerRestartAndEveryRecordArrives() throws Exception {
    BROKER.createTopic("restart-in", 3);
    BROKER.createTopic("restart-out", 3);
    topics.produce("restart-in", values(0, 2_000));
    Pipeline<KafkaRecord<String, String>> job = Pipeline.named("restarted-broker")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "restart-group",
            new StringDeserializer(), new StringDeserializer()).topics("restart-in").build())
        .map("upper", (KafkaRecord<String, String> r) -> r.value().toUpperCase())
        .to("out", () -> KafkaSink.builder(BROKER.bootstrapServers(), "restart-out",
            new StringSerializer(), (String v) -> v, new StringSerializer(), (String v) -> v)
            .build(), Dispatch.batched(100, Duration.ofMillis(20)))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(100));

    RunningPipeline<?> run = job.start();
    topics.readUntil("restart-out", WITHIN, read -> read.size() >= 500);
    BROKER.restart(); // the pipeline's clients see it go away mid-run and come back
    topics.produce("restart-in", values(2_000, 4_000));
    Set<String> expected = IntStream.range(0, 4_000).mapToObj(i -> "R" + i)
        .collect(Collectors.toSet());
    List<ConsumerRecord<String, String>> out = topics.readUntil("restart-out", WITHIN,
        read -> read.stream().map(ConsumerRecord::value).collect(Collectors.toSet())
            .containsAll(expected));
    await().atMost(WITHIN).untilAsserted(() -> assertThat(topics.committed("restart-group")
        .values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4_000));
    run.close(); // a drain: the run ends well, however the restart went
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(report.stage("out").failed()).isZero();
    assertThat(out.stream().map(ConsumerRecord::value).collect(Collectors.toSet()))
        .isEqualTo(expected);
    // at least once: every duplicate written is a record the source read again after the restart
    long readAgain = report.stage("in").emitted() - expected.size();
    assertThat((long) out.size() - expected.size()).isBetween(0L, readAgain);
    await().atMost(WITHIN).untilAsserted(() -> assertThat(
        ClientThreads.named("restarted-broker", "sluice-in", "sluice-out", "restart-group"))
        .isEmpty());
  }
}

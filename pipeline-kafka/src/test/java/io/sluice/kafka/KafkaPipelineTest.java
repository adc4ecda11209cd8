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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kafka in, Sluice in the middle, Kafka out, against a real broker. */
class KafkaPipelineTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final Topics topics = new Topics(BROKER);

  private static List<String> values(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  private Pipeline<KafkaRecord<String, String>> upperCase(String in, String out, String group,
      CheckpointStore store) {
    return Pipeline.named("upper-" + group)
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), group,
            new StringDeserializer(), new StringDeserializer()).topics(in).build())
        .map("upper", (KafkaRecord<String, String> r) -> r.value().toUpperCase())
        .to("out", () -> KafkaSink.builder(BROKER.bootstrapServers(), out,
            new StringSerializer(), (String v) -> v, new StringSerializer(), (String v) -> v)
            .build(), Dispatch.batched(100, Duration.ofMillis(20)))
        .withCheckpoints(store, Duration.ofMillis(100));
  }

  /** Creates topic {@code in} holding {@code values} and an empty {@code upper-in}. */
  private void inputAndOutput(String in, int partitions, List<String> values) throws Exception {
    BROKER.createTopic(in, partitions);
    BROKER.createTopic("upper-" + in, partitions);
    topics.produce(in, values);
  }

  private static Set<String> valuesOf(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).collect(Collectors.toSet());
  }

  @Test
  void consumesProcessesAndProducesEveryRecordAndCommitsOnlyAtCheckpoints() throws Exception {
    List<String> words = values("w", 0, 3_000);
    inputAndOutput("words", 3, words);

    RunningPipeline<?> run = upperCase("words", "upper-words", "g1",
        CheckpointStore.inMemory()).start();
    Set<String> expected = words.stream().map(String::toUpperCase).collect(Collectors.toSet());
    List<ConsumerRecord<String, String>> out = topics.readUntil("upper-words", WITHIN,
        read -> valuesOf(read).containsAll(expected));
    // every record read is done once a checkpoint after it completed: then the group has it all
    await().atMost(WITHIN).untilAsserted(() -> assertThat(topics.committed("g1").values()
        .stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000));
    run.cancel();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(valuesOf(out)).isEqualTo(expected);
    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.stage("out").failed()).isZero();
    assertThat(topics.committed("g1")).containsOnlyKeys(new TopicPartition("words", 0),
        new TopicPartition("words", 1), new TopicPartition("words", 2));
  }

  @Test
  void aCancelledRunRestartedWithItsCheckpointStoreLosesNothing() throws Exception {
    inputAndOutput("orders", 2, values("o", 0, 2_000));
    CheckpointStore store = CheckpointStore.inMemory();
    Pipeline<?> job = upperCase("orders", "upper-orders", "g2", store);

    RunningPipeline<?> killed = job.start();
    topics.readUntil("upper-orders", WITHIN, read -> read.size() >= 500);
    await().atMost(WITHIN).until(() -> store.load().isPresent());
    killed.cancel();
    PipelineReport firstReport = killed.awaitCompletion(WITHIN);
    List<String> second = values("o", 2_000, 4_000);
    topics.produce("orders", second);

    RunningPipeline<?> restarted = job.start();
    Set<String> expected = IntStream.range(0, 4_000).mapToObj(i -> "O" + i)
        .collect(Collectors.toSet());
    List<ConsumerRecord<String, String>> out = topics.readUntil("upper-orders", WITHIN,
        read -> valuesOf(read).containsAll(expected));
    restarted.cancel();
    PipelineReport secondReport = restarted.awaitCompletion(WITHIN);

    assertThat(firstReport.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(valuesOf(out)).isEqualTo(expected);
    assertThat(secondReport.checkpoints().orElseThrow().resumedFrom()).isPresent();
    // at least once, and no more again than what the killed run read after its checkpoint
    long duplicates = out.size() - expected.size();
    assertThat(duplicates).isLessThanOrEqualTo(firstReport.stage("in").emitted());
  }

  @Test
  void aFreshGroupStartsAtTheEarliestOffsetAndResumesAtItsCommittedOffsets() throws Exception {
    BROKER.createTopic("events", 1);
    topics.produce("events", values("e", 0, 100));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Pipeline<KafkaRecord<String, String>> job = Pipeline.named("events")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "g3",
            new StringDeserializer(), new StringDeserializer()).topics("events").build())
        .to("seen", (KafkaRecord<String, String> r) -> seen.add(r.value() + "@" + r.offset()))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(50));

    RunningPipeline<?> run = job.start();
    await().atMost(WITHIN).until(() -> seen.size() == 100);
    await().atMost(WITHIN).until(() -> topics.committed("g3")
        .getOrDefault(new TopicPartition("events", 0), 0L) == 100L);
    run.cancel();
    run.awaitCompletion(WITHIN);
    topics.produce("events", values("e", 100, 150));
    seen.clear();

    RunningPipeline<?> again = Pipeline.named("events-again")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "g3",
            new StringDeserializer(), new StringDeserializer()).topics("events").build())
        .to("seen", (KafkaRecord<String, String> r) -> seen.add(r.value() + "@" + r.offset()))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(50)).start();
    await().atMost(WITHIN).until(() -> seen.size() == 50);
    again.cancel();
    again.awaitCompletion(WITHIN);

    assertThat(seen).isEqualTo(IntStream.range(100, 150).mapToObj(i -> "e" + i + "@" + i)
        .collect(Collectors.toSet()));
  }

  @Test
  void twoPipelinesInOneGroupShareThePartitionsAndTogetherLoseNothingAcrossTheRebalance()
      throws Exception {
    inputAndOutput("clicks", 4, values("c", 0, 2_000));
    Pipeline<?> first = upperCase("clicks", "upper-clicks", "g4", CheckpointStore.inMemory());
    Pipeline<?> second = upperCase("clicks", "upper-clicks", "g4", CheckpointStore.inMemory());

    RunningPipeline<?> a = first.start();
    topics.readUntil("upper-clicks", WITHIN, read -> read.size() >= 500);
    RunningPipeline<?> b = second.start(); // joining makes the group rebalance
    await().atMost(WITHIN).until(() -> topics.membersWithPartitions("g4") == 2);
    topics.produce("clicks", values("c", 2_000, 4_000));
    Set<String> expected = IntStream.range(0, 4_000).mapToObj(i -> "C" + i)
        .collect(Collectors.toSet());
    List<ConsumerRecord<String, String>> out = topics.readUntil("upper-clicks", WITHIN,
        read -> valuesOf(read).containsAll(expected));
    a.cancel();
    b.cancel();
    PipelineReport aReport = a.awaitCompletion(WITHIN);
    PipelineReport bReport = b.awaitCompletion(WITHIN);

    assertThat(valuesOf(out)).isEqualTo(expected);
    // each read a share: the second batch went to partitions split between them
    assertThat(aReport.stage("in").emitted()).isPositive();
    assertThat(bReport.stage("in").emitted()).isPositive();
    assertThat(aReport.stage("in").emitted() + bReport.stage("in").emitted())
        .isGreaterThanOrEqualTo(4_000);
    assertThat(aReport.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(bReport.outcome()).isEqualTo(Outcome.CANCELLED);
  }
}

package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a run commits when it ends: a drained run (with or without checkpoints) commits the
 * offsets of exactly the records that reached their fate; a cancelled one commits nothing beyond
 * what is done (without checkpoints, nothing at all).
 */
class RunEndCommitTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final Duration WITHIN = Duration.ofSeconds(60);

  private final Topics topics = new Topics(BROKER);
  /** The records the sink finished, as {@code partition@offset}. */
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  private Pipeline<KafkaRecord<String, String>> job(String topic, String group,
      Sink<KafkaRecord<String, String>> sink) {
    return Pipeline.named("end-" + group)
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), group,
            new StringDeserializer(), new StringDeserializer()).topics(topic).build())
        .to("done", sink);
  }

  private Sink<KafkaRecord<String, String>> noting() {
    return record -> done.add(record.partition() + "@" + record.offset());
  }

  private void topicOf(String topic, int records) throws Exception {
    BROKER.createTopic(topic, 2);
    topics.produce(topic, IntStream.range(0, records).mapToObj(i -> "v" + i).toList());
  }

  /** Every offset below each committed one is a record the sink finished. */
  private void assertCommittedOnlyWhatIsDone(Map<TopicPartition, Long> committed) {
    committed.forEach((partition, next) -> {
      for (long offset = 0; offset < next; offset++) {
        assertThat(done).as("committed %s=%s", partition, next)
            .contains(partition.partition() + "@" + offset);
      }
    });
  }

  @Test
  void aDrainedRunWithoutCheckpointsCommitsEveryRecordItFinished() throws Exception {
    topicOf("drained", 1_000);
    RunningPipeline<?> run = job("drained", "drained-group", noting()).start();
    await().atMost(WITHIN).until(() -> done.size() == 1_000);
    assertThat(topics.committed("drained-group")).isEmpty(); // no checkpoint: nothing yet

    run.close();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    Map<TopicPartition, Long> committed = topics.committed("drained-group");
    assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
    assertCommittedOnlyWhatIsDone(committed);
  }

  @Test
  void aCancelledRunWithoutCheckpointsCommitsNothing() throws Exception {
    topicOf("cancelled", 1_000);
    CountDownLatch stuck = new CountDownLatch(1);
    RunningPipeline<?> run = job("cancelled", "cancelled-group", record -> {
      if (done.size() == 100) {
        stuck.await(); // records wait in the pipeline, read but not done
      }
      done.add(record.partition() + "@" + record.offset());
    }).start();
    await().atMost(WITHIN).until(() -> done.size() == 100);

    run.cancel(); // interrupts the sink's wait
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.stage("in").emitted()).isGreaterThan(100);
    assertThat(topics.committed("cancelled-group")).isEmpty();
  }

  @Test
  void aCancelledRunWithCheckpointsCommitsNoMoreThanItsCompletedCheckpoint() throws Exception {
    topicOf("checkpointed", 700);
    AtomicBoolean holdNext = new AtomicBoolean();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    RunningPipeline<?> run = job("checkpointed", "checkpointed-group", record -> {
      if (holdNext.get()) {
        held.countDown();
        stuck.await(); // records wait in the pipeline, read but not done
      }
      done.add(record.partition() + "@" + record.offset());
    }).withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(20)).start();
    // the first 700 are done and a checkpoint after them completed before more arrive, so
    // whatever the timing, the run has read records that no completed checkpoint covers
    await().atMost(WITHIN).until(() -> done.size() == 700 && committedSum() == 700);
    holdNext.set(true);
    topics.produce("checkpointed", IntStream.range(700, 2_000).mapToObj(i -> "v" + i).toList());
    assertThat(held.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();

    run.cancel(); // interrupts the sink's wait
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.stage("in").emitted()).isGreaterThan(700);
    Map<TopicPartition, Long> committed = topics.committed("checkpointed-group");
    assertThat(committedSum()).isEqualTo(700);
    assertCommittedOnlyWhatIsDone(committed);
    assertThat(List.copyOf(done)).hasSize(700);
  }

  private long committedSum() throws Exception {
    return topics.committed("checkpointed-group").values().stream().mapToLong(Long::longValue)
        .sum();
  }
}

package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backpressure by pausing partitions: a pipeline much slower than {@code max.poll.interval.ms}
 * (one poll's 500 records take about 2.5 s to get through, the interval is 1.5 s; a source
 * blocked in emit would be dropped from its group and read everything again) stays in its group,
 * reads every record once and hands each on once.
 */
class SlowPipelineTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final int RECORDS = 1_000;

  private final Topics topics = new Topics(BROKER);
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  @Test
  void aPipelineSlowerThanMaxPollIntervalStaysInItsGroupAndReadsEachRecordOnce()
      throws Exception {
    BROKER.createTopic("slow", 2);
    topics.produce("slow", IntStream.range(0, RECORDS).mapToObj(i -> "s" + i).toList());
    RunningPipeline<?> run = Pipeline.named("slow")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "slow-group",
            new StringDeserializer(), new StringDeserializer()).topics("slow")
            .property(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_500)
            .property(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500).build())
        .map("slow-work", (KafkaRecord<String, String> r) -> {
          // 5 ms of work a record, as a slow call to another service would take
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
          return r.value();
        }).withRingSize(16).ownThread()
        .to("seen", (String v) -> seen.computeIfAbsent(v, k -> new AtomicInteger())
            .incrementAndGet())
        .start();

    await().atMost(WITHIN).until(() -> seen.size() == RECORDS);
    run.close();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(report.stage("in").emitted()).isEqualTo(RECORDS); // read once: never dropped
    assertThat(seen.values().stream().map(AtomicInteger::get).toList())
        .hasSize(RECORDS).containsOnly(1);
    assertThat(topics.committed("slow-group").values().stream().mapToLong(Long::longValue)
        .sum()).isEqualTo(RECORDS); // the drained run's end commit: the member was still in
  }
}

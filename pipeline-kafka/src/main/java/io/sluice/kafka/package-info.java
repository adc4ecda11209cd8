/**
 * Kafka for Sluice pipelines: {@link io.sluice.kafka.KafkaSource} reads topics as a member of a
 * consumer group and {@link io.sluice.kafka.KafkaSink} writes a topic, on kafka-clients 4.x.
 *
 * <h2>Guarantees</h2>
 *
 * <p>At least once end to end, in a run with checkpoints ({@code Pipeline.withCheckpoints}):
 *
 * <ul>
 *   <li>The source's position (the next offset of each partition it read) is saved with each
 *       checkpoint; the group's committed offsets are moved to it only once that checkpoint
 *       completed, that is once every record before it was written by the sinks (which flushed,
 *       {@code Sink.onCheckpoint}) or skipped or dead-lettered. Committed offsets therefore never
 *       run ahead of finished work.
 *   <li>A crash between processing and commit: the next run (same checkpoint store) resumes each
 *       partition at the later of the checkpoint's offset and the group's committed one; the
 *       records read after the last completed checkpoint are read and written again
 *       (duplicates, never losses).
 *   <li>A rebalance: partitions taken away get the last completed checkpoint's offsets
 *       committed, then are given up; their new owner reads again what was emitted after that.
 *   <li>The end of a run that completed or drained (with or without checkpoints) commits the
 *       offsets of every record it finished, once every other stage closed; a cancelled or
 *       failed run commits nothing beyond its last completed checkpoint.
 *   <li>A broker restart: the consumer rejoins, the idempotent producer retries its sends up to
 *       {@code delivery.timeout.ms}; only a send that finally fails takes the sink's error
 *       policy.
 *   <li>Backpressure pauses partitions: a pipeline slower than {@code max.poll.interval.ms}
 *       stays in its group, keeping at most one poll's records.
 *   <li>The sink's producer is idempotent ({@code acks=all}): the producer's own retries write a
 *       record once; a record retried by the error policy, or one whose acknowledgement was lost
 *       in a crash, may be written twice.
 * </ul>
 *
 * <h2>State of this module</h2>
 *
 * <p>Works and is tested against a real single-node KRaft broker started by the tests
 * ({@code EmbeddedKafkaBroker}, in the test JVM): consume, process, produce; offsets committed at
 * checkpoints only; a cancelled run restarted with its checkpoint store loses nothing; a new run
 * of a group starts at its committed offsets; two pipelines in one group share the partitions
 * across a rebalance and lose nothing; a batch's refused records reported one by one.
 *
 * <p>{@link io.sluice.kafka.KafkaDeadLetterSink} ({@link io.sluice.kafka.KafkaSink#deadLetterTopic})
 * writes the records a stage gave up on to a Kafka topic with {@link
 * io.sluice.kafka.DeadLetterHeaders}; tested with poison messages between a real source and sink.
 * For tests of your own, {@code io.sluice:pipeline-kafka-testkit} has {@code EmbeddedKafkaBroker}.
 *
 * <p>Also tested: a broker restarted mid-run; the commit at the end of a drained run and none
 * beyond what is done after a cancel; a pipeline slower than {@code max.poll.interval.ms}.
 */
package io.sluice.kafka;

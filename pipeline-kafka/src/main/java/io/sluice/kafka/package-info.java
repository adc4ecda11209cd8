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
 *   <li>Without checkpoints nothing is committed, unless
 *       {@link io.sluice.kafka.KafkaSourceBuilder#commitOnClose()} asks for a commit when the
 *       source closes (records still in the pipeline then may be lost on a crash).
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
 * <p>Not done yet (issue 18): a broker restarted mid-run ({@code EmbeddedKafkaBroker.restart}
 * is ready for it); pausing partitions while the pipeline is slower than
 * {@code max.poll.interval.ms}; a commit when a run without checkpoints drains or ends (the source
 * cannot tell a drain from a cancel today).
 */
package io.sluice.kafka;

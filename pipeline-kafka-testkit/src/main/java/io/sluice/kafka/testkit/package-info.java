/**
 * Kafka for tests and demos: {@link io.sluice.kafka.testkit.EmbeddedKafkaBroker} runs a
 * single-node KRaft broker inside the JVM on loopback ports chosen at run time, as a JUnit 5
 * extension or a plain {@link java.lang.AutoCloseable}. Depends on Kafka's broker
 * ({@code kafka_2.13}, with Scala): add this module in test scope.
 */
package io.sluice.kafka.testkit;

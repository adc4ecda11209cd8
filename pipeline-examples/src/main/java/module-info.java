/**
 * Runnable Sluice example jobs: batch, stream, compare, enrich and kafka, plus the README's quick start.
 *
 * <p>HdrHistogram (latency figures) is read from the class path: it has no module name to require.
 * So are Kafka's jars (the {@code kafka} job) and the Sluice modules on them: kafka-clients has no
 * module name and the broker's {@code kafka_2.13} cannot even be an automatic module.
 */
module io.sluice.examples {
  requires transitive io.sluice.api;
  requires io.sluice.connectors;
  requires de.siegmar.fastcsv;
  requires java.sql;
  requires com.h2database;
  requires org.slf4j;

  exports io.sluice.examples;
}

/**
 * Runnable Sluice example jobs: batch, stream, compare and enrich, plus the README's quick start.
 *
 * <p>HdrHistogram (latency figures) is read from the class path: it has no module name to require.
 */
module io.sluice.examples {
  requires transitive io.sluice.api;
  requires io.sluice.connectors;
  requires java.sql;
  requires com.h2database;
  requires org.slf4j;

  exports io.sluice.examples;
}

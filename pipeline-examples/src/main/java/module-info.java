/** Runnable Sluice example jobs: batch, stream and compare, plus the README's quick start. */
module io.sluice.examples {
  requires transitive io.sluice.api;
  requires io.sluice.connectors;
  requires java.sql;
  requires com.h2database;
  requires HdrHistogram;
  requires org.slf4j;

  exports io.sluice.examples;
}

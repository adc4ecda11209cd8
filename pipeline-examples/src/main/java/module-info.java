/** Runnable Sluice example jobs: batch, stream and compare, plus the README's quick start. */
module io.sluice.examples {
  requires io.sluice.api;
  requires io.sluice.connectors;
  requires java.sql;
  requires com.h2database;
  requires HdrHistogram;
  requires org.slf4j;

  exports io.sluice.examples;
  exports io.sluice.examples.console;
  exports io.sluice.examples.sales;
  exports io.sluice.examples.fraud;
}

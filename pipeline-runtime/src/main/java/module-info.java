/**
 * The local runner of Sluice: executes pipeline blueprints in this JVM with one LMAX Disruptor
 * ring and one thread per stage. Found by {@link io.sluice.api.Pipeline#start()} through
 * {@link java.util.ServiceLoader}; users never need to import it.
 */
module io.sluice.runtime {
  requires transitive io.sluice.api;
  requires com.lmax.disruptor;
  requires com.google.common;
  requires org.slf4j;
  requires HdrHistogram;

  exports io.sluice.runtime;
  exports io.sluice.runtime.engine to io.sluice.testkit;

  provides io.sluice.api.spi.PipelineRunner with io.sluice.runtime.LocalRunner;
}

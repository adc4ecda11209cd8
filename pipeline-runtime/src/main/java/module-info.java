/**
 * The local runner of Sluice: executes pipeline blueprints in this JVM with one LMAX Disruptor
 * ring and one thread per stage. Found by {@link io.sluice.api.Pipeline#start()} through
 * {@link java.util.ServiceLoader}; users never need to import it.
 *
 * <p>HdrHistogram, which records batch sizes and processing times, is shaded into this module's
 * jar under a concealed package: it has no module name of its own to require.
 */
module io.sluice.runtime {
  requires transitive io.sluice.api;
  requires com.lmax.disruptor;
  requires com.google.common;
  requires org.slf4j;

  exports io.sluice.runtime;
  exports io.sluice.runtime.engine to io.sluice.testkit;

  provides io.sluice.api.spi.PipelineRunner with io.sluice.runtime.LocalRunner;
}

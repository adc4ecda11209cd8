/**
 * The Sluice API: what stage writers and pipeline authors program against.
 *
 * <p>This module has no dependencies beyond the JDK and holds no runtime types. A pipeline is
 * described as an immutable blueprint ({@link io.sluice.api.Pipeline}) and executed by a
 * {@link io.sluice.api.spi.PipelineRunner} found through {@link java.util.ServiceLoader}.
 */
module io.sluice.api {
  exports io.sluice.api;
  exports io.sluice.api.spi;

  uses io.sluice.api.spi.PipelineRunner;
}

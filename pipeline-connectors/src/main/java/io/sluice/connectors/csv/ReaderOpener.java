package io.sluice.connectors.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Opens the text a CSV source reads, once per run (a file, a classpath resource, a network
 * stream). The source closes the reader.
 */
@FunctionalInterface
public interface ReaderOpener {

  /**
   * Opens a fresh reader positioned at the start of the input.
   *
   * @return the reader
   * @throws IOException if the input cannot be opened; the run then fails
   */
  Reader open() throws IOException;
}

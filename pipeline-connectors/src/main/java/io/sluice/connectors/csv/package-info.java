/**
 * CSV connectors: {@link io.sluice.connectors.csv.Csv#rows} reads a CSV input as
 * {@link io.sluice.connectors.csv.CsvRow}s (one per line, with line numbers; bad lines raise a
 * {@link io.sluice.connectors.csv.CsvRowException} when read, never vanish), and
 * {@link io.sluice.connectors.csv.Csv#file} writes records to a CSV file.
 */
package io.sluice.connectors.csv;

/**
 * Sluice connectors: where records come from and go to.
 *
 * <ul>
 *   <li>{@link io.sluice.connectors.csv.Csv#rows}: a CSV source (parsed by FastCSV) emitting one
 *       {@link io.sluice.connectors.csv.CsvRow} per line, each with its line number; a bad line is
 *       never dropped: reading a bad field throws a
 *       {@link io.sluice.connectors.csv.CsvRowException} naming the line, its content and why.
 *   <li>{@link io.sluice.connectors.jdbc.Jdbc#sink}: a JDBC sink writing each batch in one
 *       transaction with {@code addBatch}/{@code executeBatch}, one statement per record under
 *       per-record dispatch; at least once, rows the driver refuses reported one by one
 *       ({@link io.sluice.api.BatchRecordsFailedException}).
 *   <li>{@link io.sluice.connectors.csv.Csv#file}: a CSV file sink.
 * </ul>
 *
 * <p>Connectors depend on the API only and run under any runner and any dispatch.
 */
module io.sluice.connectors {
  requires transitive io.sluice.api;
  requires transitive java.sql;
  requires de.siegmar.fastcsv;
  requires org.slf4j;

  exports io.sluice.connectors.csv;
  exports io.sluice.connectors.jdbc;
}

/**
 * The JDBC sink: {@link io.sluice.connectors.jdbc.Jdbc#sink} writes records with a prepared
 * statement, one transaction per batch (or per record under per-record dispatch);
 * {@link io.sluice.connectors.jdbc.Jdbc#upsertSink} writes them by key (idempotent, H2 and
 * PostgreSQL); {@link io.sluice.connectors.jdbc.Jdbc#checkpointStore} keeps a job's checkpoint in
 * a table.
 */
package io.sluice.connectors.jdbc;

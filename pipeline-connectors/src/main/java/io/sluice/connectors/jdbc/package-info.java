/**
 * The JDBC sink: {@link io.sluice.connectors.jdbc.Jdbc#sink} writes records with a prepared
 * statement, one transaction per batch (or per record under per-record dispatch).
 */
package io.sluice.connectors.jdbc;

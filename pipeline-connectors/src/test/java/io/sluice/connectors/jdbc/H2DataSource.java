package io.sluice.connectors.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for a fresh in-memory H2 database, remembering the connections it hands out so a
 * test can break one. (H2's own JdbcDataSource is final and needs java.naming.)
 */
final class H2DataSource implements DataSource {
  private final String url = "jdbc:h2:mem:" + UUID.randomUUID();
  private final List<Connection> handedOut = new CopyOnWriteArrayList<>();

  List<Connection> handedOut() {
    return handedOut;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = new org.h2.Driver().connect(url, new Properties());
    handedOut.add(connection);
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}

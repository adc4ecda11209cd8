package io.sluice.connectors.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for a fresh in-memory H2 database, remembering the connections it hands out so a
 * test can break one. (H2's own JdbcDataSource is final and needs java.naming.)
 */
final class H2DataSource implements DataSource {
  private final String url = "jdbc:h2:mem:" + UUID.randomUUID();
  private final List<Connection> handedOut = new CopyOnWriteArrayList<>();
  private final AtomicBoolean loseNextCommitAck = new AtomicBoolean();

  /**
   * Makes the next commit on any connection succeed and then throw, as if the network dropped
   * its acknowledgement.
   */
  void loseNextCommitAck() {
    loseNextCommitAck.set(true);
  }

  List<Connection> handedOut() {
    return handedOut;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = new org.h2.Driver().connect(url, new Properties());
    handedOut.add(real);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("commit") && loseNextCommitAck.compareAndSet(true, false)) {
            throw new SQLException("connection reset while reading the commit's answer", "08006");
          }
          return result;
        });
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

package io.sluice.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Checkpoint;
import io.sluice.connectors.TestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotent JDBC sink (upsert by key) and the JDBC checkpoint store, on H2. */
class IdempotentJdbcTest {
  record Payment(int id, String payer, int cents) {}

  private final H2DataSource dataSource = new H2DataSource();
  private Connection keeper; // an in-memory H2 database lives while a connection is open

  @BeforeEach
  void createTable() throws SQLException {
    keeper = dataSource.getConnection();
    try (Statement ddl = keeper.createStatement()) {
      ddl.execute("CREATE TABLE payments (id INT PRIMARY KEY, payer VARCHAR(20) NOT NULL,"
          + " cents INT NOT NULL)");
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    keeper.close();
  }

  private JdbcSink<Payment> upsert() {
    return Jdbc.upsertSink(dataSource, UpsertDialect.H2, "payments", List.of("id"),
        List.of("id", "payer", "cents"), (statement, p) -> {
          statement.setInt(1, p.id());
          statement.setString(2, p.payer());
          statement.setInt(3, p.cents());
        });
  }

  @Test
  void writingTheSameRecordsAgainLeavesTheTableAsWrittenOnce() throws Exception {
    JdbcSink<Payment> sink = upsert();
    sink.open(TestContext.of("save"));
    List<Payment> batch = List.of(new Payment(1, "ann", 100), new Payment(2, "bob", 250));
    sink.writeBatch(batch);
    sink.writeBatch(batch); // replayed after a restart
    sink.write(new Payment(2, "bob", 250));
    sink.write(new Payment(3, "cy", 7));
    sink.close();

    assertThat(rows()).containsExactly("1 ann 100", "2 bob 250", "3 cy 7");
  }

  @Test
  void eachDialectWritesItsOwnSyntax() {
    List<String> columns = List.of("id", "payer", "cents");
    assertThat(UpsertDialect.H2.sql("payments", List.of("id"), columns))
        .isEqualTo("MERGE INTO payments (id, payer, cents) KEY (id) VALUES (?, ?, ?)");
    assertThat(UpsertDialect.POSTGRESQL.sql("payments", List.of("id"), columns))
        .isEqualTo("INSERT INTO payments (id, payer, cents) VALUES (?, ?, ?) ON CONFLICT (id) "
            + "DO UPDATE SET payer = EXCLUDED.payer, cents = EXCLUDED.cents");
    assertThat(UpsertDialect.POSTGRESQL.sql("app.tags", List.of("a", "b"), List.of("a", "b")))
        .isEqualTo("INSERT INTO app.tags (a, b) VALUES (?, ?) ON CONFLICT (a, b) DO NOTHING");
  }

  @Test
  void badUpsertsAreRejectedNamingTheBadPart() {
    assertThatThrownBy(() -> UpsertDialect.H2.sql("payments", List.of("ref"), List.of("id")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 'ref'");
    assertThatThrownBy(() -> UpsertDialect.H2.sql("pay; DROP", List.of("id"), List.of("id")))
        .hasMessageContaining("'pay; DROP'");
    assertThatThrownBy(() -> UpsertDialect.H2.sql("t", List.of("id"), List.of("id", "id")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> UpsertDialect.H2.sql("t", List.of(), List.of("id")))
        .hasMessageContaining("keys []");
    assertThatThrownBy(() -> Jdbc.checkpointStore(dataSource, "x y", "job"))
        .hasMessageContaining("'x y'");
    assertThatThrownBy(() -> Jdbc.checkpointStore(dataSource, "t", ""))
        .hasMessageContaining("1 to 200");
  }

  @Test
  void theCheckpointStoreKeepsOneRowPerJob() throws Exception {
    JdbcCheckpointStore imports = Jdbc.checkpointStore(dataSource, "sluice_checkpoints",
        "imports");
    JdbcCheckpointStore exports = Jdbc.checkpointStore(dataSource, "sluice_checkpoints",
        "exports");
    Checkpoint first = Checkpoint.of(1, Map.of("read", "line=10"), Map.of("read", 9L));
    Checkpoint second = Checkpoint.of(2, Map.of("read", "line=20"), Map.of("read", 19L))
        .withReadAfter(4);

    assertThat(imports.load()).isEmpty();
    imports.save(first);
    imports.save(second);
    exports.save(first);

    assertThat(imports.load()).contains(second);
    assertThat(Jdbc.checkpointStore(dataSource, "sluice_checkpoints", "exports").load())
        .contains(first);
    imports.clear();
    assertThat(imports.load()).isEmpty();
    assertThat(exports.load()).contains(first);
    assertThat(imports).hasToString("checkpoint table sluice_checkpoints (job 'imports')");
  }

  private List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement query = keeper.createStatement();
        ResultSet row = query.executeQuery("SELECT id, payer, cents FROM payments ORDER BY id")) {
      while (row.next()) {
        rows.add(row.getInt(1) + " " + row.getString(2) + " " + row.getInt(3));
      }
    }
    return rows;
  }
}

package io.sluice.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sluice.api.BatchRecordsFailedException;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.connectors.Dispatches;
import io.sluice.connectors.TestContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcSinkTest {
  static Stream<Dispatch> dispatches() {
    return Dispatches.all();
  }

  /** A payment; a negative amount breaks the table's CHECK constraint: the poison record. */
  record Payment(int id, BigDecimal amount) {
    static Payment good(int id) {
      return new Payment(id, BigDecimal.valueOf(id * 100L, 2));
    }

    static Payment poison(int id) {
      return new Payment(id, BigDecimal.valueOf(-1));
    }
  }

  private H2DataSource dataSource;
  private Connection keeper;

  @BeforeEach
  void createDatabase() throws SQLException {
    dataSource = new H2DataSource();
    keeper = dataSource.getConnection(); // an in-memory H2 database lives while a connection does
    try (Statement ddl = keeper.createStatement()) {
      ddl.execute("CREATE TABLE payments (id INT NOT NULL, amount DECIMAL(10, 2) NOT NULL "
          + "CHECK (amount >= 0))");
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    keeper.close();
  }

  private JdbcSink<Payment> sink() {
    return Jdbc.sink(dataSource, "INSERT INTO payments (id, amount) VALUES (?, ?)",
        (statement, payment) -> {
          statement.setInt(1, payment.id());
          statement.setBigDecimal(2, payment.amount());
        });
  }

  /** How many times each id is in the table. */
  private Map<Integer, Integer> idCounts() throws SQLException {
    Map<Integer, Integer> counts = new TreeMap<>();
    try (Statement query = keeper.createStatement();
        ResultSet rows = query.executeQuery("SELECT id, COUNT(*) FROM payments GROUP BY id")) {
      while (rows.next()) {
        counts.put(rows.getInt(1), rows.getInt(2));
      }
    }
    return counts;
  }

  private static Map<Integer, Integer> once(int... ids) {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int id : ids) {
      counts.put(id, 1);
    }
    return counts;
  }

  @Test
  void aRefusedRowIsNamedByItsIndexAndEveryOtherRowOfTheBatchIsCommittedOnce()
      throws Exception {
    JdbcSink<Payment> sink = sink();
    sink.open(TestContext.of("save"));
    try {
      sink.writeBatch(List.of(Payment.good(1), Payment.good(2)));
      List<Payment> batch = List.of(Payment.good(3), Payment.good(4), Payment.poison(5),
          Payment.good(6), Payment.poison(7));

      BatchRecordsFailedException refused = catchThrowableOfType(
          () -> sink.writeBatch(batch), BatchRecordsFailedException.class);

      assertThat(refused.failures()).containsOnlyKeys(2, 4);
      assertThat(refused.failures().get(2)).isInstanceOf(SQLException.class)
          .hasMessageContaining("row 2");
      assertThat(idCounts()).isEqualTo(once(1, 2, 3, 4, 6));
      assertThat(sink.rowsWritten()).isEqualTo(5);
      assertThat(sink.commits()).isEqualTo(2);
    } finally {
      sink.close();
    }
  }

  @Test
  void aCommitWhoseAcknowledgementIsLostDoesNotDeadLetterTheStoredRowsOnRetry()
      throws Exception {
    try (Statement ddl = keeper.createStatement()) {
      ddl.execute("ALTER TABLE payments ADD PRIMARY KEY (id)");
    }
    JdbcSink<Payment> sink = sink();
    List<DeadLetter> letters = new CopyOnWriteArrayList<>();
    List<Payment> payments = List.of(Payment.good(1), Payment.good(2), Payment.good(3));
    dataSource.loseNextCommitAck();

    PipelineReport report = Pipeline.named("lossy").from("in", Source.fromIterable(payments))
        .to("save", sink, Dispatch.batched(3),
            ErrorPolicy.retry(2, Duration.ZERO, Duration.ZERO).thenDeadLetter(letters::add))
        .run();

    assertThat(idCounts()).isEqualTo(once(1, 2, 3));
    assertThat(letters).isEmpty();
    assertThat(report.stage("save").passedOn()).isEqualTo(3);
    assertThat(report.stage("save").deadLettered()).isZero();
    assertThat(sink.rowsWritten()).isEqualTo(3);
  }

  @Test
  void underPerRecordAFailingRecordIsRolledBackAloneAndTheNextOneIsWritten() throws Exception {
    JdbcSink<Payment> sink = sink();
    sink.open(TestContext.of("save"));
    try {
      sink.write(Payment.good(1));
      assertThatThrownBy(() -> sink.write(Payment.poison(2))).isInstanceOf(SQLException.class);
      sink.write(Payment.good(3));
    } finally {
      sink.close();
    }

    assertThat(idCounts()).isEqualTo(once(1, 3));
    assertThat(sink.executions()).isEqualTo(2);
    assertThat(sink.commits()).isEqualTo(2);
    assertThat(sink.rollbacks()).isEqualTo(1);
  }

  @Test
  void aBinderFailureRollsBackTheRecordsAlreadyAddedToTheBatch() throws Exception {
    JdbcSink<Payment> sink = Jdbc.sink(dataSource, "INSERT INTO payments VALUES (?, ?)",
        (statement, payment) -> {
          statement.setInt(1, payment.id());
          statement.setBigDecimal(2, payment.amount().setScale(2)); // throws on 3 decimals
        });
    sink.open(TestContext.of("save"));
    try {
      assertThatThrownBy(() -> sink.writeBatch(List.of(Payment.good(1),
          new Payment(2, new BigDecimal("1.005"))))).isInstanceOf(ArithmeticException.class);
      sink.writeBatch(List.of(Payment.good(3)));
    } finally {
      sink.close();
    }

    assertThat(idCounts()).isEqualTo(once(3));
  }

  @Test
  void inAFailFastPipelineTheRefusedRowFailsTheRunAndTheRestOfItsBatchIsCommitted() {
    List<Payment> payments = new ArrayList<>(IntStream.rangeClosed(1, 10)
        .mapToObj(Payment::good).toList());
    payments.set(4, Payment.poison(5));

    Pipeline<Payment> job = Pipeline.named("payments")
        .from("read", Source.fromIterable(payments))
        .to("save", sink(), Dispatch.batched(3));

    assertThatThrownBy(job::run).asInstanceOf(type(StageFailedException.class))
        .satisfies(e -> {
          assertThat(e.stageName()).isEqualTo("save");
          assertThat(e.record()).contains(Payment.poison(5));
          assertThat(e.batch()).hasValueSatisfying(b -> assertThat(b).hasSize(3));
        });
    assertThat(keeperCount()).isEqualTo(5); // 1-3, then 4 and 6 of the failing batch
  }

  @Test
  void inAFailFastPerRecordPipelineEveryRecordBeforeTheFailingOneIsCommitted() {
    List<Payment> payments = new ArrayList<>(IntStream.rangeClosed(1, 10)
        .mapToObj(Payment::good).toList());
    payments.set(4, Payment.poison(5));

    Pipeline<Payment> job = Pipeline.named("payments")
        .from("read", Source.fromIterable(payments))
        .to("save", sink(), Dispatch.perRecord());

    assertThatThrownBy(job::run).isInstanceOf(StageFailedException.class);
    assertThat(keeperCount()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void writesTheSameTableUnderEveryDispatchWithOneExecutionPerBatch(Dispatch dispatch)
      throws Exception {
    JdbcSink<Payment> sink = sink();

    PipelineReport report = Pipeline.named("payments")
        .from("read", Source.fromIterable(IntStream.rangeClosed(1, 100)
            .mapToObj(Payment::good).toList()))
        .to("save", sink, dispatch).run();

    assertThat(idCounts()).isEqualTo(once(IntStream.rangeClosed(1, 100).toArray()));
    long calls = dispatch.isBatched() ? report.stage("save").totalBatches() : 100;
    assertThat(sink.executions()).isEqualTo(calls);
    assertThat(sink.commits()).isEqualTo(calls);
    assertThat(sink.roundTrips()).isEqualTo(2 * calls);
    assertThat(sink.rowsWritten()).isEqualTo(100);
  }

  @Test
  void aConnectionThatBreaksIsReplacedOnTheNextWrite() throws Exception {
    JdbcSink<Payment> sink = sink();
    sink.open(TestContext.of("save"));
    try {
      sink.writeBatch(List.of(Payment.good(1)));
      dataSource.handedOut().get(1).close(); // the sink's connection (0 is the keeper) went away

      assertThatThrownBy(() -> sink.writeBatch(List.of(Payment.good(2))))
          .isInstanceOf(SQLException.class);
      sink.writeBatch(List.of(Payment.good(3)));
    } finally {
      sink.close();
    }

    assertThat(dataSource.handedOut()).hasSize(3);
    assertThat(idCounts()).isEqualTo(once(1, 3));
  }

  @Test
  void badArgumentsAreRefusedWhenTheSinkIsMade() {
    assertThatThrownBy(() -> Jdbc.sink(dataSource, " ", (s, r) -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jdbc.sink(null, "INSERT", (s, r) -> { }))
        .isInstanceOf(NullPointerException.class).hasMessage("dataSource");
  }

  private long keeperCount() {
    try (Statement query = keeper.createStatement();
        ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM payments")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

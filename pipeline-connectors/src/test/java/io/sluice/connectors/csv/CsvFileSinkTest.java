package io.sluice.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.connectors.Dispatches;
import io.sluice.connectors.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CsvFileSinkTest {
  static Stream<Dispatch> dispatches() {
    return Dispatches.all();
  }

  record Alert(int id, String card, String detail) {}

  @TempDir Path dir;

  private CsvFileSink<Alert> sink(Path file) {
    return Csv.file(file, List.of("id", "card", "detail"),
        a -> List.of(String.valueOf(a.id()), a.card(), a.detail()));
  }

  private static List<Alert> alerts(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> new Alert(i, "card-" + i % 7, i % 5 == 0 ? "spike, \"big\"" : "ok"))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void writesTheHeaderAndOneLinePerRecordUnderEveryDispatch(Dispatch dispatch) throws Exception {
    Path file = dir.resolve("alerts.csv");
    CsvFileSink<Alert> sink = sink(file);

    PipelineReport report = Pipeline.named("export").from("alerts", Source.fromIterable(alerts(50)))
        .to("write", sink, dispatch).run();

    List<String> lines = Files.readAllLines(file);
    assertThat(report.stage("write").received()).isEqualTo(50);
    assertThat(sink.rowsWritten()).isEqualTo(50);
    assertThat(lines).hasSize(51);
    assertThat(lines.get(0)).isEqualTo("id,card,detail");
    assertThat(lines.get(1)).isEqualTo("1,card-1,ok");
    assertThat(lines.get(5)).isEqualTo("5,card-5,\"spike, \"\"big\"\"\"");
    List<CsvRow> readBack = CsvSourceTest.readAll(Csv.rows(file));
    assertThat(readBack).extracting(r -> r.getInt("id"))
        .isEqualTo(IntStream.rangeClosed(1, 50).boxed().toList());
    assertThat(readBack.get(4).get("detail")).isEqualTo("spike, \"big\"");
  }

  @Test
  void aRecordWrittenOnItsOwnIsInTheFileAtOnce() throws Exception {
    Path file = dir.resolve("live.csv");
    CsvFileSink<Alert> sink = sink(file);
    sink.open(TestContext.of("write"));
    try {
      sink.write(new Alert(1, "card-1", "spike"));

      assertThat(Files.readAllLines(file)).containsExactly("id,card,detail", "1,card-1,spike");
    } finally {
      sink.close();
    }
  }

  @Test
  void aBatchWhoseConversionFailsWritesNoneOfItsRecords() throws Exception {
    Path file = dir.resolve("partial.csv");
    CsvFileSink<Alert> sink = Csv.file(file, List.of("id"), a -> {
      if (a.id() == 3) {
        throw new IllegalArgumentException("cannot write alert 3");
      }
      return List.of(String.valueOf(a.id()));
    });
    sink.open(TestContext.of("write"));
    try {
      sink.writeBatch(alerts(2));
      assertThatThrownBy(() -> sink.writeBatch(alerts(4).subList(1, 4)))
          .hasMessage("cannot write alert 3");
      sink.writeBatch(List.of(new Alert(4, "c", "d")));
    } finally {
      sink.close();
    }

    assertThat(Files.readAllLines(file)).containsExactly("id", "1", "2", "4");
  }

  @Test
  void eachRunWritesTheFileAfreshAndNullFieldsAreEmpty() throws Exception {
    Path file = dir.resolve("again.csv");
    List<String> withNull = new ArrayList<>(List.of("x"));
    withNull.add(null);
    CsvFileSink<Integer> sink = Csv.<Integer>file(file, List.of(), n -> withNull)
        .withSeparator(';');
    Pipeline<Integer> job = Pipeline.named("again").from("n", Source.of(1, 2))
        .to("write", sink, Dispatch.batched(10));

    job.run();
    job.run();

    assertThat(Files.readAllLines(file)).containsExactly("x;", "x;");
  }
}

package io.sluice.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.TestContext;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A CSV source says where it is by line and resumes after that line's row. */
class CsvPositionTest {
  private static final String TEXT = """
      id,note
      1,one
      2,"two
      lines"

      4,four
      5,five
      """;

  private static CsvSource csv() {
    return Csv.rows("notes.csv", () -> new StringReader(TEXT));
  }

  @Test
  void theSourceResumesAtTheRowAfterEveryPositionItWrote() throws Exception {
    CsvSource whole = csv();
    whole.open(TestContext.of("read"));
    List<String> positions = new ArrayList<>();
    List<List<String>> rowsAfter = new ArrayList<>();
    List<CsvRow> all = new ArrayList<>();
    positions.add(whole.position());
    boolean more = true;
    while (more) {
      List<CsvRow> one = new ArrayList<>();
      more = whole.poll(one::add);
      all.addAll(one);
      positions.add(whole.position());
    }
    whole.close();
    assertThat(positions.get(0)).isEqualTo("line=1"); // the header
    assertThat(positions.get(positions.size() - 1)).isEqualTo("line=7");

    for (int i = 0; i <= all.size(); i++) {
      String position = i == 0 ? "line=1" : "line=" + all.get(i - 1).lineNumber();
      CsvSource resumed = csv();
      resumed.openAt(TestContext.of("read"), position);
      assertThat(resumed.position()).isEqualTo(position);
      List<CsvRow> rest = new ArrayList<>();
      while (resumed.poll(rest::add)) {
        // to the end
      }
      resumed.close();
      assertThat(rest).extracting(CsvRow::lineNumber)
          .isEqualTo(all.subList(i, all.size()).stream().map(CsvRow::lineNumber).toList());
      rowsAfter.add(rest.stream().map(row -> row.isBlank() ? "" : row.get("note")).toList());
    }
    assertThat(rowsAfter.get(1)).containsExactly("two\nlines", "", "four", "five");
  }

  @Test
  void aPositionItDidNotWriteIsRejectedNamingIt() {
    assertThatThrownBy(() -> csv().openAt(TestContext.of("read"), "row=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notes.csv: position 'row=3' is not one a CSV source writes (line=N or line=N,offset=B)");
    assertThatThrownBy(() -> csv().openAt(TestContext.of("read"), "line=-2"))
        .hasMessageContaining("negative");
  }
}

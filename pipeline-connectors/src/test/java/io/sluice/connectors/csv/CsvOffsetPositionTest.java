package io.sluice.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.TestContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file source says where it is by line and byte offset, and resumes by seeking there: the
 * rows after the position exactly, whatever spans lines, whatever the line breaks and characters.
 */
class CsvOffsetPositionTest {
  /** A byte order mark, a header, quoted fields over CRLF, LF and CR breaks, 2- to 4-byte text. */
  private static final String TEXT = "\uFEFFid,note\r\n"
      + "1,caf\u00e9\r\n"
      + "2,\"two\r\nlines, \u20ac\"\r\n"
      + "\r\n"
      + "3,\"a \"\"quoted\"\" \uD834\uDD1E\nover\rthree\"\n"
      + "4,four\r"
      + "5,five\n";

  @TempDir Path dir;

  /** A row read, with the position the source gave while emitting it. */
  private record Read(long line, String note, String position) {}

  private static List<Read> readAll(CsvSource source, String position) throws Exception {
    if (position == null) {
      source.open(TestContext.of("read"));
    } else {
      source.openAt(TestContext.of("read"), position);
    }
    List<Read> rows = new ArrayList<>();
    boolean more = true;
    while (more) {
      more = source.poll(row -> rows.add(new Read(row.lineNumber(),
          row.isBlank() ? "" : row.get("note"), source.position())));
    }
    source.close();
    return rows;
  }

  private Path write(String text, Charset charset) throws Exception {
    return Files.write(dir.resolve("notes.csv"), text.getBytes(charset));
  }

  @Test
  void resumingAtEveryPositionGivesExactlyTheRowsAfterIt() throws Exception {
    Path file = write(TEXT, StandardCharsets.UTF_8);
    List<Read> all = readAll(Csv.rows(file), null);
    assertThat(all).extracting(Read::line).containsExactly(2L, 3L, 5L, 6L, 9L, 10L);
    assertThat(all).extracting(Read::note).containsExactly("caf\u00e9", "two\r\nlines, \u20ac", "",
        "a \"quoted\" \uD834\uDD1E\nover\rthree", "four", "five");
    byte[] bytes = Files.readAllBytes(file);

    for (int i = 0; i < all.size(); i++) {
      String position = all.get(i).position();
      assertThat(position).matches("line=" + all.get(i).line() + ",offset=\\d+");
      int offset = Integer.parseInt(position.substring(position.indexOf("offset=") + 7));
      String there = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
      assertThat(there).startsWith(i == 2 ? "\r\n" : Integer.toString(i < 2 ? i + 1 : i));

      List<Read> rest = readAll(Csv.rows(file), position);

      assertThat(rest).extracting(Read::line, Read::note).isEqualTo(all.subList(i + 1, all.size())
          .stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.line(), r.note())).toList());
      assertThat(rest).extracting(Read::position)
          .isEqualTo(all.subList(i + 1, all.size()).stream().map(Read::position).toList());
    }
  }

  @Test
  void resumingSeeksPastTheRowsBeforeThePositionWithoutParsingThem() throws Exception {
    Path file = write(TEXT, StandardCharsets.UTF_8);
    List<Read> all = readAll(Csv.rows(file), null);
    String afterBlank = all.get(2).position();
    // the same bytes, but row 1 now opens a quote it never closes: parsing past it would fail
    Files.write(file, TEXT.replace("1,caf\u00e9", "1,\"caf!").getBytes(StandardCharsets.UTF_8));

    assertThat(readAll(Csv.rows(file), afterBlank)).extracting(Read::note)
        .containsExactly("a \"quoted\" \uD834\uDD1E\nover\rthree", "four", "five");
    assertThatThrownBy(() -> readAll(Csv.rows(file), "line=" + all.get(2).line()))
        .isInstanceOf(CsvRowException.class);
  }

  @Test
  void aLongFileResumesAtPositionsFarIntoIt() throws Exception {
    StringBuilder text = new StringBuilder("id,note\n");
    for (int i = 1; i <= 5_000; i++) {
      text.append(i).append(i % 10 == 0 ? ",\"\u00fcber\nzwei\"\n" : ",n\u00b0" + i + "\n");
    }
    Path file = write(text.toString(), StandardCharsets.UTF_8);
    List<Read> all = readAll(Csv.rows(file), null);

    for (int i : new int[] {0, 1_234, 4_998}) {
      assertThat(readAll(Csv.rows(file), all.get(i).position()))
          .isEqualTo(all.subList(i + 1, all.size()));
    }
  }

  @Test
  void aOneByteCharsetFileResumesByOffsetToo() throws Exception {
    Charset latin = Charset.forName("windows-1252");
    Path file = write("id,note\n1,\u00e9t\u00e9\n2,\"\u00e0\n\u00e8\"\n3,trois\n", latin);
    List<Read> all = readAll(Csv.rows(file, latin), null);

    assertThat(all.get(1).position()).isEqualTo("line=3,offset=14");
    assertThat(readAll(Csv.rows(file, latin), all.get(0).position())).extracting(Read::note)
        .containsExactly("\u00e0\n\u00e8", "trois");
  }

  @Test
  void anOldLineOnlyPositionStillResumesAndTheNextPositionsCarryOffsets() throws Exception {
    Path file = write(TEXT, StandardCharsets.UTF_8);
    List<Read> all = readAll(Csv.rows(file), null);

    List<Read> rest = readAll(Csv.rows(file), "line=5");

    assertThat(rest).isEqualTo(all.subList(3, all.size()));
    assertThat(readAll(Csv.rows(file), "line=1")).isEqualTo(all);
  }

  @Test
  void aPositionPastTheEndOfAShorterFileFailsNamingTheSourceAndThePosition() throws Exception {
    Path file = write(TEXT, StandardCharsets.UTF_8);
    List<Read> all = readAll(Csv.rows(file), null);
    String nearTheEnd = all.get(4).position();
    write("id,note\r\n1,caf\u00e9\r\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Csv.rows(file).openAt(TestContext.of("read"), nearTheEnd))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("notes.csv: cannot resume at position '" + nearTheEnd + "'")
        .hasMessageContaining("past its end").hasMessageContaining("changed");
    assertThatThrownBy(() -> Csv.rows(file).openAt(TestContext.of("read"), "line=9"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("notes.csv: cannot resume at position 'line=9': its last row starts on line "
            + "2; the input changed since the checkpoint was taken");
  }

  @Test
  void anOffsetWhereNoLineStartsFailsNamingIt() throws Exception {
    Path file = write(TEXT, StandardCharsets.UTF_8);
    byte[] bytes = Files.readAllBytes(file);
    int inside = Arrays.asList(new String(bytes, StandardCharsets.ISO_8859_1).split("")).indexOf(
        "f") + 1;

    assertThatThrownBy(() -> Csv.rows(file).openAt(TestContext.of("read"),
        "line=2,offset=" + inside))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notes.csv").hasMessageContaining("line=2,offset=" + inside)
        .hasMessageContaining("no line starts at byte " + inside);
    assertThatThrownBy(() -> Csv.rows(file).openAt(TestContext.of("read"), "line=7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no row starts on line 7");
  }
}

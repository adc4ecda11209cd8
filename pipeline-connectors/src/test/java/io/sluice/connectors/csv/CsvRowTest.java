package io.sluice.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sluice.connectors.csv.CsvRowException.Problem;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowTest {
  private static final CsvHeader HEADER =
      CsvHeader.of("sales.csv", List.of("id", "customer", "qty", "price", "day"));

  private static CsvRow row(String... fields) {
    return new CsvRow(HEADER, 7, List.of(fields), ',');
  }

  @Test
  void typedAccessorsTrimAndParse() {
    CsvRow row = row(" 1001 ", "  Alice ", " 3", "12.50 ", " 2024-03-01");

    assertThat(row.get("customer")).isEqualTo("  Alice ");
    assertThat(row.require("customer")).isEqualTo("Alice");
    assertThat(row.getInt("qty")).isEqualTo(3);
    assertThat(row.getLong("id")).isEqualTo(1001L);
    assertThat(row.getDouble("price")).isEqualTo(12.5);
    assertThat(row.getDecimal("price")).isEqualByComparingTo("12.50");
    assertThat(row.getDate("day")).isEqualTo(LocalDate.of(2024, 3, 1));
    assertThat(row.find("customer")).contains("Alice");
    assertThat(row.toMap()).containsEntry("qty", " 3").hasSize(5);
  }

  @Test
  void anEmptyRequiredValueIsAnEmptyValueProblem() {
    CsvRow row = row("1001", "   ", "3", "12.50", "2024-03-01");

    assertThat(row.find("customer")).isEmpty();
    assertThatThrownBy(() -> row.require("customer"))
        .asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> {
          assertThat(e.problem()).isEqualTo(Problem.EMPTY_VALUE);
          assertThat(e.getMessage())
              .isEqualTo("sales.csv line 7: column 'customer': empty "
                  + "[1001,   ,3,12.50,2024-03-01]");
        });
  }

  @Test
  void impossibleDatesNonFiniteNumbersAndOverflowsAreBadValues() {
    CsvRow row = row("99999999999", "Bob", "NaN", "1,5", "2024-02-30");

    assertThatThrownBy(() -> row.getDate("day")).asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> assertThat(e.reason())
            .isEqualTo("'2024-02-30' is not a date (yyyy-mm-dd)"));
    assertThatThrownBy(() -> row.getDouble("qty")).asInstanceOf(type(CsvRowException.class))
        .extracting(CsvRowException::problem).isEqualTo(Problem.BAD_VALUE);
    assertThatThrownBy(() -> row.getInt("id")).asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> assertThat(e.reason()).isEqualTo("'99999999999' is not a whole number"));
    assertThatThrownBy(() -> row.getDecimal("price")).asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> assertThat(e.text()).isEqualTo("99999999999,Bob,NaN,\"1,5\",2024-02-30"));
    assertThatThrownBy(() -> row.getDate("day", DateTimeFormatter.ofPattern("dd.MM.uuuu")))
        .isInstanceOf(CsvRowException.class);
  }

  @Test
  void aShortLineHasNoFieldForItsLastColumns() {
    CsvRow row = row("1001", "Alice");

    assertThat(row.has("customer")).isTrue();
    assertThat(row.has("qty")).isFalse();
    assertThat(row.find("qty")).isEmpty();
    assertThatThrownBy(() -> row.get(4)).asInstanceOf(type(CsvRowException.class))
        .extracting(CsvRowException::problem).isEqualTo(Problem.MISSING_FIELD);
    assertThatThrownBy(() -> row.getInt("qty")).asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> {
          assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
          assertThat(e.column()).contains("qty");
        });
  }

  @Test
  void aColumnTheHeaderDoesNotHaveIsAMistakeInTheCallerNotABadLine() {
    assertThatThrownBy(() -> row("1").get("amount"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sales.csv has no column 'amount'; its columns are "
            + "[id, customer, qty, price, day]");
  }

  @Test
  void rejectMakesAnInvalidProblemCarryingTheLine() {
    CsvRow row = row("1001", "Alice", "-2", "12.50", "2024-03-01");

    CsvRowException whole = row.reject("duplicate order");
    CsvRowException column = row.reject("qty", "must be positive");

    assertThat(whole.problem()).isEqualTo(Problem.INVALID);
    assertThat(whole.column()).isEmpty();
    assertThat(whole.getMessage())
        .isEqualTo("sales.csv line 7: duplicate order [1001,Alice,-2,12.50,2024-03-01]");
    assertThat(column.getMessage()).startsWith("sales.csv line 7: column 'qty': must be positive");
  }

  @Test
  void aParserOfYourOwnIsWrappedWithTheExpectedKind() {
    CsvRow row = row("1001", "Alice", "3", "12.50", "2024-03-01");

    String upper = row.parse("customer", "a name", String::toUpperCase);
    assertThat(upper).isEqualTo("ALICE");
    assertThatThrownBy(() -> row.parse("customer", "an ISBN", v -> {
      throw new IllegalStateException("no");
    })).asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> assertThat(e.reason()).isEqualTo("'Alice' is not an ISBN"));
  }

  @Test
  void textQuotesWhatNeedsQuoting() {
    assertThat(row("1", "Smith, \"Bob\"", "2").text()).isEqualTo("1,\"Smith, \"\"Bob\"\"\",2");
    assertThat(row("").text()).isEmpty();
    assertThat(row("").isBlank()).isTrue();
  }
}

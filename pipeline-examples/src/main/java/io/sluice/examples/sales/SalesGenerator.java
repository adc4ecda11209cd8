package io.sluice.examples.sales;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a sales CSV of any size with the same kinds of dirt as the bundled file, in fixed
 * proportions: about 1 line in 12 is bad or a duplicate, 1 in 5 has odd casing or spacing. The
 * same seed and size always give the same file.
 */
final class SalesGenerator {
  private static final String[] FIRST = {"Alice", "Bob", "Carla", "David", "Emma", "Frank",
      "Grace", "Henry", "Isla", "Jack", "Kate", "Liam", "Mia", "Nora", "Oscar", "Paul", "Rosa",
      "Sam", "Tina", "Umar", "Vera", "Will", "Xena", "Yusuf", "Zoe"};
  private static final String[] LAST = {"Martin", "Stone", "Diaz", "Kim", "Brown", "Li", "Hall",
      "Ford", "Moore", "White", "Green", "Scott", "Young", "Blake", "Reed", "Adams", "Lopez",
      "Wilson", "Turner", "Khan", "Nagy", "Park", "Ali", "Evans", "Cole"};
  private static final String[] PRODUCTS = {"Espresso Machine", "Grinder", "Coffee Beans 1kg",
      "Decaf Beans 1kg", "Milk Frother", "Espresso Cups (6)", "Descaler", "Gift Card"};
  private static final String[] PRICES = {"249.00", "89.00", "18.50", "19.90", "39.90", "24.00",
      "7.99", "50.00"};
  private static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
  private static final int DAYS = 31;
  private static final int RECENT = 64;

  private final SplittableRandom random;
  private final List<String> recent = new ArrayList<>(RECENT);

  SalesGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Writes the header and {@code rows} data lines to {@code file}. */
  void write(Path file, long rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", Sale.COLUMNS));
      out.newLine();
      for (long i = 0; i < rows; i++) {
        out.write(line(100_001 + i));
        out.newLine();
      }
    }
  }

  /** One data line: usually a good sale, sometimes a duplicate or one of the kinds of dirt. */
  String line(long orderId) {
    int dice = random.nextInt(1000);
    if (dice < 20 && !recent.isEmpty()) {
      return recent.get(random.nextInt(recent.size())); // an export that sent a line twice
    }
    String[] f = goodFields(orderId);
    if (dice < 35) {
      return dice < 30 ? "" : "   "; // blank lines
    } else if (dice < 45) {
      f[4] = pick("two", "1x", "?");
    } else if (dice < 55) {
      f[5] = pick("N/A", "18.5O", "12,50");
    } else if (dice < 60) {
      f[1] = pick("2024-02-30", "03/04/2024", "yesterday");
    } else if (dice < 65) {
      f[2] = "";
    } else if (dice < 70) {
      f[4] = pick("0", "-1");
    } else if (dice < 75) {
      f[6] = pick("CHF", "JPY");
    } else if (dice < 80) {
      return String.join(",", f[0], f[1], f[2], f[3], f[4], f[5]); // a field lost
    } else if (dice < 280) {
      f[2] = oddly(f[2]);
      f[3] = oddly(f[3]);
      f[6] = f[6].toLowerCase(Locale.ROOT);
    }
    String line = String.join(",", f);
    remember(line);
    return line;
  }

  private String[] goodFields(long orderId) {
    int product = random.nextInt(PRODUCTS.length);
    int currency = random.nextInt(10);
    return new String[] {
        Long.toString(orderId),
        FIRST_DAY.plusDays(random.nextInt(DAYS)).toString(),
        FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)],
        PRODUCTS[product],
        Integer.toString(1 + random.nextInt(5)),
        PRICES[product],
        currency < 7 ? "EUR" : currency < 9 ? "USD" : "GBP"};
  }

  /** Odd casing and stray spaces, as typed by hand. */
  private String oddly(String text) {
    return switch (random.nextInt(3)) {
      case 0 -> "  " + text.toUpperCase(Locale.ROOT) + " ";
      case 1 -> text.toLowerCase(Locale.ROOT);
      default -> " " + text;
    };
  }

  private String pick(String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private void remember(String line) {
    if (recent.size() < RECENT) {
      recent.add(line);
    } else {
      recent.set(random.nextInt(RECENT), line);
    }
  }
}

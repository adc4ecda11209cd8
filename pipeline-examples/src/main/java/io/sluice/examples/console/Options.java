package io.sluice.examples.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --name value} options of a job, checked against the names the job knows. Bad input
 * throws {@link IllegalArgumentException} with a message for the user.
 */
public final class Options {
  private final String job;
  private final Map<String, String> values;

  private Options(String job, Map<String, String> values) {
    this.job = job;
    this.values = Map.copyOf(values);
  }

  /**
   * Parses {@code --name value} pairs.
   *
   * @param job the job's name, for messages
   * @param args the arguments after the job name
   * @param known the option names the job accepts, without dashes
   * @return the options
   * @throws IllegalArgumentException if an argument is not an option, an option is unknown,
   *     repeated, or has no value
   */
  public static Options parse(String job, List<String> args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("job '" + job + "': expected an option like --rows "
            + "but got '" + arg + "'");
      }
      String name = arg.substring(2);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("job '" + job + "' has no option --" + name
            + "; its options are " + new TreeSet<>(known).stream().map(n -> "--" + n).toList());
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("job '" + job + "': option --" + name
            + " needs a value");
      }
      if (values.put(name, args.get(i + 1)) != null) {
        throw new IllegalArgumentException("job '" + job + "': option --" + name
            + " is given twice");
      }
    }
    return new Options(job, values);
  }

  /**
   * Returns a whole-number option.
   *
   * @param name the option, without dashes
   * @param fallback the value when the option is not given
   * @param min the smallest value accepted
   * @return the value
   * @throws IllegalArgumentException if the value is not a whole number of at least {@code min}
   */
  public long number(String name, long fallback, long min) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("job '" + job + "': --" + name
          + " must be a whole number but was '" + text + "'", e);
    }
    if (value < min) {
      throw new IllegalArgumentException("job '" + job + "': --" + name + " must be at least "
          + min + " but was " + value);
    }
    return value;
  }

  /**
   * Returns a whole-number option that fits an {@code int}.
   *
   * @param name the option, without dashes
   * @param fallback the value when the option is not given
   * @param min the smallest value accepted
   * @return the value
   * @throws IllegalArgumentException if the value is not a whole number between {@code min} and
   *     {@link Integer#MAX_VALUE}
   */
  public int intNumber(String name, int fallback, int min) {
    long value = number(name, fallback, min);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("job '" + job + "': --" + name + " must be at most "
          + Integer.MAX_VALUE + " but was " + value);
    }
    return (int) value;
  }

  /**
   * Returns a text option.
   *
   * @param name the option, without dashes
   * @return the value, or empty if not given
   */
  public Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }
}

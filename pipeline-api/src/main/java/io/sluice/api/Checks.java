package io.sluice.api;

import java.util.regex.Pattern;

/** Argument checks whose messages name the stage and the bad value (the api has no Guava). */
final class Checks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Checks() {}

  static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " must not be null");
    }
    return value;
  }

  static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** Names end up in thread names and metric tags, so they are kept short and plain. */
  static String name(String name, String what) {
    notNull(name, what + " name");
    check(NAME.matcher(name).matches(),
        "%s name '%s' is invalid: use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit",
        what, name);
    return name;
  }
}

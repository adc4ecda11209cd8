package io.sluice.api;

/**
 * How a user's object (a dead-letter sink) is shown in descriptions and messages when it was not
 * given a name: a lambda's {@code toString()} is {@code Job$$Lambda$30/0x...@1e9e725a}, which
 * says nothing to a reader.
 */
final class DisplayNames {
  private DisplayNames() {}

  /**
   * Returns {@code object.toString()} if its class declares one (other than {@link Object}'s),
   * else {@code lambda} for a lambda or method reference, {@code anonymous} for an anonymous
   * class, or the simple name of its class.
   */
  static String of(Object object) {
    Class<?> type = object.getClass();
    if (declaresToString(type)) {
      return object.toString();
    }
    if (type.isHidden() || type.isSynthetic()) {
      return "lambda";
    }
    return type.isAnonymousClass() ? "anonymous" : type.getSimpleName();
  }

  private static boolean declaresToString(Class<?> type) {
    try {
      return type.getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("every class has a public toString()", e);
    }
  }
}

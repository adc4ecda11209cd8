package io.sluice.examples.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A console printing into memory, to check what a job printed. */
public final class TestConsole {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Console console =
      new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

  public Console console() {
    return console;
  }

  public String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

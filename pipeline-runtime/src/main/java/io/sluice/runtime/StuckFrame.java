package io.sluice.runtime;

/**
 * Says where a thread is stuck, for the report and log of a run that gave up on it: the frame it
 * waits in and, if that is the JDK's, the first frame of the code that called it.
 */
final class StuckFrame {
  private StuckFrame() {}

  static String of(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    if (stack.length == 0) {
      return "";
    }
    String top = stack[0].toString();
    for (StackTraceElement frame : stack) {
      String module = frame.getModuleName();
      boolean jdk = module != null && (module.startsWith("java.") || module.startsWith("jdk."));
      if (!jdk) {
        return frame == stack[0] ? top : top + " called from " + frame;
      }
    }
    return top;
  }
}

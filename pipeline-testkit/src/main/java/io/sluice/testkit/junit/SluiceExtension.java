package io.sluice.testkit.junit;

import io.sluice.testkit.LeakCheck;
import io.sluice.testkit.Leaks;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.VirtualClock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link SluiceTest}.
 *
 * <ul>
 *   <li>Resolves parameters of type {@link PipelineTester} and {@link VirtualClock}: one tester per
 *       test (shared by its {@code @BeforeEach}, test and {@code @AfterEach} methods), and its
 *       clock. {@code @BeforeAll} methods and constructors get one tester for the class.
 *   <li>After each test (after its {@code @AfterEach} methods) it fails the test if a run of that
 *       test's tester has not ended, or a {@code sluice-} thread started during the test is still
 *       alive after a short grace period, naming them; leaked runs are then cancelled. After all
 *       tests it does the same for the class-wide tester and threads no test was blamed for.
 *       The grace period is {@link LeakCheck#defaultGrace()}, or the configuration parameter
 *       {@value #GRACE_PARAMETER} (in {@code junit-platform.properties}, say).
 * </ul>
 *
 * <p>The thread check sees every thread of the JVM: with tests running in parallel, one test's
 * threads could be blamed on another, so run pipeline tests in the same thread (the default).
 */
public final class SluiceExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SluiceExtension.class);

  /**
   * The JUnit configuration parameter setting the leak check's grace period, as an ISO-8601
   * duration such as {@code PT0.5S}; the default is {@link LeakCheck#defaultGrace()}.
   */
  public static final String GRACE_PARAMETER = "sluice.testkit.leak-grace";

  /** Creates the extension; JUnit calls this. */
  public SluiceExtension() {}

  /**
   * Starts the class-wide leak check.
   *
   * @param context the class's context
   * @throws IllegalArgumentException if {@value #GRACE_PARAMETER} is not an ISO-8601 duration
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put(checkKey(context), LeakCheck.start(grace(context)));
  }

  /**
   * Starts the test's leak check.
   *
   * @param context the test's context
   * @throws IllegalArgumentException if {@value #GRACE_PARAMETER} is not an ISO-8601 duration
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    store(context).put(checkKey(context), LeakCheck.start(grace(context)));
  }

  private static Duration grace(ExtensionContext context) {
    return context.getConfigurationParameter(GRACE_PARAMETER).map(text -> {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("JUnit configuration parameter " + GRACE_PARAMETER
            + " must be an ISO-8601 duration such as PT0.5S, not '" + text + "'", e);
      }
    }).orElseGet(LeakCheck::defaultGrace);
  }

  /**
   * Checks the test for leaks.
   *
   * @param context the test's context
   * @throws AssertionError if the test left a run going or a {@code sluice-} thread alive
   */
  @Override
  public void afterEach(ExtensionContext context) {
    verify(context);
  }

  /**
   * Checks the class-wide tester and the threads no test was blamed for.
   *
   * @param context the class's context
   * @throws AssertionError if something leaked
   */
  @Override
  public void afterAll(ExtensionContext context) {
    verify(context);
  }

  private static void verify(ExtensionContext context) {
    ExtensionContext.Store store = store(context);
    LeakCheck check = store.remove(checkKey(context), LeakCheck.class);
    if (check == null) {
      return;
    }
    PipelineTester tester = store.remove(testerKey(context), PipelineTester.class);
    Leaks leaks = check.find(tester == null ? List.of() : List.of(tester));
    context.getParent().ifPresent(parent -> {
      LeakCheck outer = store(parent).get(checkKey(parent), LeakCheck.class);
      if (outer != null) {
        outer.ignore(leaks.threads()); // reported here; the class must not be blamed again
      }
    });
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.describe() + " [" + context.getDisplayName() + "]");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PipelineTester.class || type == VirtualClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PipelineTester tester = store(context).getOrComputeIfAbsent(testerKey(context),
        key -> PipelineTester.create(), PipelineTester.class);
    return parameter.getParameter().getType() == VirtualClock.class ? tester.clock() : tester;
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  /** Keys carry the context's id: a store lookup also sees the parent's values. */
  private static String checkKey(ExtensionContext context) {
    return "leak-check " + context.getUniqueId();
  }

  private static String testerKey(ExtensionContext context) {
    return "tester " + context.getUniqueId();
  }
}

package io.sluice.testkit.jqwik;

import io.sluice.testkit.LeakCheck;
import io.sluice.testkit.Leaks;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.VirtualClock;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The jqwik lifecycle hook behind {@link SluiceProperties}: injects a fresh
 * {@link PipelineTester} (and its {@link VirtualClock}) into each try, and falsifies a try that left
 * a run of that tester going or a {@code sluice-} thread alive, with the same check and message as
 * the JUnit extension ({@link LeakCheck}). Leaked runs are cancelled, so the next try starts clean.
 */
public final class SluiceLeakHook implements AroundTryHook, ResolveParameterHook {
  private static final String STORE = SluiceLeakHook.class.getName() + ".tester";

  /** Creates the hook; jqwik calls this. */
  public SluiceLeakHook() {}

  /** Applies to every property of the annotated container, nested ones included. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  /**
   * Runs the try between a leak check's start and its verdict.
   *
   * @param context the try's context
   * @param executor runs the try
   * @param parameters the try's parameters
   * @return the try's result, falsified if it leaked
   */
  @Override
  public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor executor,
      List<Object> parameters) {
    Store<TesterSlot> slot = Store.getOrCreate(STORE, Lifespan.TRY, TesterSlot::new);
    LeakCheck check = LeakCheck.start();
    TryExecutionResult result = executor.execute(parameters);
    Leaks leaks = check.find(slot.get().created());
    if (leaks.isEmpty()) {
      return result;
    }
    AssertionError leak = new AssertionError(leaks.describe());
    if (result.isFalsified() && result.throwable().isPresent()) {
      result.throwable().get().addSuppressed(leak);
      return result;
    }
    return TryExecutionResult.falsified(leak);
  }

  /** Resolves {@link PipelineTester} and {@link VirtualClock} parameters, fresh for each try. */
  @Override
  public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter,
      LifecycleContext context) {
    Class<?> type = parameter.typeUsage().getRawType();
    if (type == PipelineTester.class) {
      return Optional.of(tryContext -> currentTester());
    }
    if (type == VirtualClock.class) {
      return Optional.of(tryContext -> currentTester().clock());
    }
    return Optional.empty();
  }

  private static PipelineTester currentTester() {
    return Store.getOrCreate(STORE, Lifespan.TRY, TesterSlot::new).get().tester();
  }

  /** Holds the tester of one try, made when a parameter first asks for it. */
  private static final class TesterSlot {
    private PipelineTester tester;

    PipelineTester tester() {
      if (tester == null) {
        tester = PipelineTester.create();
      }
      return tester;
    }

    List<PipelineTester> created() {
      return tester == null ? List.of() : List.of(tester);
    }
  }
}

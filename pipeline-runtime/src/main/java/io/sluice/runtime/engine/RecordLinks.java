package io.sluice.runtime.engine;

import io.sluice.api.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link RecordPath} of each step: a {@link RecordLink} whose class is a copy of its own
 * for each shape, so that the JIT profiles every shape's call sites apart.
 *
 * <p>Why: a fused chain runs every stage's {@code process} and every hand-on from the same few
 * methods. With one class, each of those call sites sees every stage class and every kind of
 * downstream of the JVM, becomes megamorphic, and costs a virtual call per stage per record; and
 * the chain calls the same method again at each link, which the JIT inlines only once. A copy per
 * shape gives each link call sites of its own, each seeing one receiver, so the chain inlines
 * into one loop body, as if written by hand.
 *
 * <p>A shape is the stage's class and the class of what the step hands its main output to (the
 * next link's copy, an outbox, a fan-out): steps of that shape, in any pipeline and run, share one
 * copy, so compiled code survives from run to run. Copies are hidden classes defined from
 * {@link RecordLink}'s own bytes with this package's lookup; they are kept per stage class (a
 * {@link ClassValue}, so a stage's class loader can still be unloaded). After {@link #MAX_COPIES}
 * copies, and wherever hidden classes cannot be defined, steps share {@link RecordLink} itself:
 * slower, never different.
 */
final class RecordLinks {
  /** The most copies ever defined in one JVM: a bound on metaspace for programs with many shapes. */
  static final int MAX_COPIES = 512;

  private static final Logger LOG = LoggerFactory.getLogger(RecordLinks.class);
  private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, Step.class,
      Stage.class, Tally.class, SideOutputs.class, Recovery.class, boolean.class);
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodHandle SHARED = sharedConstructor();
  private static final byte[] TEMPLATE = templateBytes();
  private static final AtomicInteger COPIES = new AtomicInteger();
  private static final ClassValue<ConcurrentMap<Class<?>, MethodHandle>> BY_STAGE_CLASS =
      new ClassValue<>() {
        @Override
        protected ConcurrentMap<Class<?>, MethodHandle> computeValue(Class<?> stageClass) {
          return new ConcurrentHashMap<>();
        }
      };

  private RecordLinks() {}

  /** Makes a path of the shared class: for a step not (yet) wired into a chain. */
  static RecordPath shared(Step step, Stage<Object, Object> stage, Tally tally,
      SideOutputs sideOutputs, Recovery recovery, boolean sink) {
    return new RecordLink(step, stage, tally, sideOutputs, recovery, sink);
  }

  /**
   * Makes a path of the copy for its shape.
   *
   * @param after the class of what the step hands its main output to ({@code Void} for nothing)
   */
  static RecordPath forShape(Step step, Stage<Object, Object> stage, Tally tally,
      SideOutputs sideOutputs, Recovery recovery, boolean sink, Class<?> after) {
    MethodHandle constructor = BY_STAGE_CLASS.get(stage.getClass())
        .computeIfAbsent(after, shape -> copy());
    try {
      return (RecordPath) constructor.invoke(step, stage, tally, sideOutputs, recovery, sink);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("creating the record path of stage '" + step.name() + "'", e);
    }
  }

  /**
   * Returns a path of the copy for the shape of {@code old}'s step, wired as {@code old} is; if
   * the step's main output goes to a per-record step on the same thread (a {@link StepInput}),
   * that step is specialised first and the new path hands records to its path directly.
   *
   * @param old the step's path so far, before the run started
   */
  static RecordPath specialise(RecordPath old) {
    RecordPath direct = null;
    if (old.downstream instanceof StepInput input && input.target().perRecord()) {
      input.target().specialise();
      direct = input.target().path();
    }
    Class<?> after = direct != null ? direct.getClass()
        : old.downstream == null ? Void.class : old.downstream.getClass();
    RecordPath path = forShape(old.step, old.stage, old.tally, old.sideOutputs, old.recovery,
        old.sink, after);
    path.takeOver(old);
    if (direct != null) {
      path.connectDirect(direct, ((StepInput) old.downstream).edge());
    }
    return path;
  }

  private static MethodHandle copy() {
    if (TEMPLATE == null || COPIES.incrementAndGet() > MAX_COPIES) {
      return SHARED;
    }
    try {
      MethodHandles.Lookup copy = LOOKUP.defineHiddenClass(TEMPLATE, true);
      return copy.findConstructor(copy.lookupClass(), CONSTRUCTOR);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("no copy of the record path for a new shape, sharing the common one", e);
      return SHARED;
    }
  }

  private static MethodHandle sharedConstructor() {
    try {
      return LOOKUP.findConstructor(RecordLink.class, CONSTRUCTOR);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static byte[] templateBytes() {
    try (InputStream in = RecordLink.class.getResourceAsStream("RecordLink.class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      LOG.debug("cannot read the record path's class bytes; every step shares one class", e);
      return null;
    }
  }
}

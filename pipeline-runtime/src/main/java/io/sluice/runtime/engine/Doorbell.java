package io.sluice.runtime.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a thread that parks for lack of work (or of room) is woken as soon as the other side acts,
 * instead of sleeping out its park: the sleeper announces itself, checks once more that there is
 * still nothing to do, and parks; whoever publishes work (or frees room) rings, which unparks the
 * announced sleeper. Ringing costs a fence and a read when nobody sleeps, so it is done per
 * published chunk, never per record.
 *
 * <p>No wake-up is lost: the sleeper's announcement and its re-check, and the ringer's publish and
 * its read of the sleeper, are each ordered by a full fence, so either the sleeper sees the work
 * or the ringer sees the sleeper. One sleeper at a time; a second thread that finds the bell taken
 * (several producers waiting for room in a merging ring) parks for the bounded time instead.
 */
final class Doorbell {
  private static final VarHandle SLEEPER;

  static {
    try {
      SLEEPER = MethodHandles.lookup().findVarHandle(Doorbell.class, "sleeper", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // read and written through SLEEPER
  private volatile Thread sleeper;

  /**
   * Parks the calling thread until the bell rings or {@code maxNanos} pass, unless {@code ready}
   * says there is something to do after all.
   *
   * @param maxNanos the longest park, positive
   * @param ready re-checked after the announcement: the work (or room) the thread waits for
   */
  void sleep(long maxNanos, BooleanSupplier ready) {
    Thread me = Thread.currentThread();
    if (!SLEEPER.compareAndSet(this, null, me)) {
      LockSupport.parkNanos(maxNanos); // the bell is taken: wait the bounded time
      return;
    }
    try {
      if (!ready.getAsBoolean()) {
        LockSupport.parkNanos(this, maxNanos);
      }
    } finally {
      SLEEPER.setVolatile(this, null);
    }
  }

  /** Wakes the sleeper, if any; call after publishing (or freeing room). */
  void ring() {
    VarHandle.fullFence(); // the publish before the read of the sleeper: see the class comment
    Thread sleeping = (Thread) SLEEPER.getOpaque(this);
    if (sleeping != null) {
      LockSupport.unpark(sleeping);
    }
  }
}

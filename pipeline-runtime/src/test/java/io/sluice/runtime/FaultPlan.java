package io.sluice.runtime;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Fusion;
import io.sluice.api.Sink;
import java.time.Duration;
import java.util.Set;

/** What the fault-injection property generates for one stage: its shape, fault and policy. */
final class FaultPlan {
  private FaultPlan() {}

  /** A fault injected into one stage. */
  record Fault(Kind kind, Set<Integer> poison, int call) {
    enum Kind {
      /** Works. */
      NONE,
      /** Throws on every call that includes one of the poison records, however often tried. */
      POISON,
      /** Throws on its {@code call}-th call only (a call is a record, or a batch). */
      TRANSIENT,
      /** Throws in open. */
      OPEN,
      /** Throws in close. */
      CLOSE,
      /** Spins a little on every record. */
      SLOW
    }

    @Override
    public String toString() {
      return switch (kind) {
        case POISON -> "poison" + poison;
        case TRANSIENT -> "throw on call " + call;
        default -> kind.toString();
      };
    }
  }

  /** An error policy to build: {@code attempts} calls, then {@code action}. */
  record Policy(int attempts, ErrorPolicy.Action action, long skipLimit) {
    static final long UNLIMITED = -1;

    boolean retries() {
      return attempts > 1;
    }

    ErrorPolicy build(Sink<DeadLetter> deadLetters) {
      ErrorPolicy policy = retries()
          ? ErrorPolicy.retry(attempts, Duration.ZERO, Duration.ofMillis(1))
          : ErrorPolicy.failFast();
      return switch (action) {
        case FAIL -> policy;
        case SKIP -> skipLimit == UNLIMITED ? policy.thenSkip() : policy.thenSkip(skipLimit);
        case DEAD_LETTER -> policy.thenDeadLetter(deadLetters);
      };
    }

    long limit() {
      return skipLimit == UNLIMITED ? Long.MAX_VALUE : skipLimit;
    }
  }

  /**
   * One stage: whether its class overrides processBatch (the sink's, writeBatch), its dispatch,
   * which records it drops (those with {@code record % modulus == remainder}; modulus 0 drops
   * none; the sink drops none), its fault, its policy, and whether it shares the thread of the
   * stage before it.
   */
  record Stage(boolean batchCalls, Dispatch dispatch, int modulus, int remainder, Fault fault,
      Policy policy, Fusion fusion) {

    /** A transient fault in a batch call depends on batch edges, which time flushes blur. */
    Stage normalised() {
      if (callsBatches() && fault.kind() == Fault.Kind.TRANSIENT && dispatch.maxWait().isPresent()) {
        return new Stage(true, Dispatch.batched(dispatch.maxSize()), modulus, remainder, fault,
            policy, fusion);
      }
      return this;
    }

    /** Whether the runtime calls processBatch (not process per record). */
    boolean callsBatches() {
      return batchCalls && dispatch.isBatched();
    }

    boolean keeps(int record) {
      return modulus == 0 || record % modulus != remainder;
    }

    Stage asSink() {
      return new Stage(batchCalls, dispatch, 0, 0, fault, policy, fusion);
    }

    @Override
    public String toString() {
      return (batchCalls ? "batch-stage " : "record-stage ") + dispatch
          + (modulus == 0 ? "" : " drop %" + modulus + "==" + remainder) + ", " + fault + ", "
          + policy.attempts() + " attempts then " + policy.action()
          + (policy.skipLimit() == Policy.UNLIMITED ? "" : "(" + policy.skipLimit() + ")")
          + (fusion == Fusion.AUTO ? "" : ", " + fusion);
    }
  }
}

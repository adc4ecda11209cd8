package io.sluice.flink;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Sink;
import io.sluice.api.StageDefinition;
import java.io.Serializable;
import java.time.Duration;

/**
 * A stage's runner-neutral settings in a form that travels to Flink's tasks: the dispatch and the
 * error policy are rebuilt there from their parts (the api keeps them free of serialization), the
 * dead-letter sink travels as itself, so it must be {@link Serializable}.
 */
final class ShippedOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean batched;
  private final int maxSize;
  private final long maxWaitNanos;
  private final int maxAttempts;
  private final long firstBackoffNanos;
  private final long maxBackoffNanos;
  private final ErrorPolicy.Action action;
  private final long skipLimit;
  private final String deadLetterName;
  private final Serializable deadLetterSink;

  private ShippedOptions(StageDefinition def, Serializable deadLetterSink) {
    Dispatch dispatch = def.dispatch();
    ErrorPolicy policy = def.errorPolicy();
    this.batched = dispatch.isBatched();
    this.maxSize = dispatch.maxSize();
    this.maxWaitNanos = dispatch.maxWait().map(Duration::toNanos).orElse(0L);
    this.maxAttempts = policy.maxAttempts();
    this.firstBackoffNanos = maxAttempts < 2 ? 0 : policy.backoffBefore(2).toNanos();
    // backoffBefore(maxAttempts) is the longest wait this policy ever makes: capping there
    // rebuilds the same sequence of waits
    this.maxBackoffNanos = maxAttempts < 2 ? 0 : policy.backoffBefore(maxAttempts).toNanos();
    this.action = policy.action();
    this.skipLimit = policy.skipLimit().orElse(-1);
    this.deadLetterName = policy.deadLetterName().orElse(null);
    this.deadLetterSink = deadLetterSink;
  }

  /**
   * Takes a stage's settings.
   *
   * @param references how to hand over a dead-letter sink that does not serialize, or
   *     {@code null} to refuse it
   * @throws IllegalArgumentException naming the stage if its dispatch is smart batching (a Flink
   *     operator cannot tell when its input has nothing more right now) or its dead-letter sink is
   *     not serializable and cannot be referenced
   */
  static ShippedOptions of(StageDefinition def, InJvmReferences references) {
    if (def.dispatch().isSmart()) {
      throw new IllegalArgumentException("stage '" + def.name() + "' uses " + def.dispatch()
          + ", which the Flink runner does not support: an operator cannot tell that its input "
          + "has nothing more right now; use batched(n, maxWait)");
    }
    Sink<? super DeadLetter> sink = def.errorPolicy().deadLetterSink().orElse(null);
    if (sink != null && !(sink instanceof Serializable) && references != null) {
      sink = references.deadLetterSink(def.name(), sink);
    }
    if (sink != null && !(sink instanceof Serializable)) {
      throw new IllegalArgumentException("stage '" + def.name() + "': its dead-letter sink "
          + sink + " (" + sink.getClass().getName() + ") is not Serializable, so the Flink "
          + "runner cannot ship it to the stage's tasks");
    }
    return new ShippedOptions(def, (Serializable) sink);
  }

  Dispatch dispatch() {
    if (!batched) {
      return Dispatch.perRecord();
    }
    return maxWaitNanos == 0 ? Dispatch.batched(maxSize)
        : Dispatch.batched(maxSize, Duration.ofNanos(maxWaitNanos));
  }

  @SuppressWarnings("unchecked")
  ErrorPolicy errorPolicy() {
    ErrorPolicy retries = maxAttempts < 2 ? null : ErrorPolicy.retry(maxAttempts,
        Duration.ofNanos(firstBackoffNanos), Duration.ofNanos(maxBackoffNanos));
    Sink<? super DeadLetter> sink = (Sink<? super DeadLetter>) deadLetterSink;
    switch (action) {
      case SKIP:
        if (retries == null) {
          return skipLimit < 0 ? ErrorPolicy.skip() : ErrorPolicy.skip(skipLimit);
        }
        return skipLimit < 0 ? retries.thenSkip() : retries.thenSkip(skipLimit);
      case DEAD_LETTER:
        if (retries == null) {
          return deadLetterName == null ? ErrorPolicy.deadLetter(sink)
              : ErrorPolicy.deadLetter(deadLetterName, sink);
        }
        return deadLetterName == null ? retries.thenDeadLetter(sink)
            : retries.thenDeadLetter(deadLetterName, sink);
      default:
        return retries == null ? ErrorPolicy.failFast() : retries;
    }
  }
}

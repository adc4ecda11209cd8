package io.sluice.runtime;

import io.sluice.api.Emitter;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The numbers {@code from .. from + count - 1}, a few per poll, resumable at any of them; before
 * emitting {@code gateAt} it waits for a latch (a checkpoint saved, say), so a test knows that
 * something happened mid-run without timing it. It waits by emitting nothing (polls return at
 * once), never inside a poll: checkpoint barriers leave between polls, so a blocked poll would
 * hold back the checkpoint it waits for. {@code count < 0} never ends.
 */
final class NumberSource implements ResumableSource<Long> {
  private final long from;
  private final long count;
  private final int perPoll;
  private final long gateAt;
  private final CountDownLatch gate;
  private long next;
  private long gateDeadline;
  volatile String openedAt;

  NumberSource(long from, long count, int perPoll, long gateAt, CountDownLatch gate) {
    this.from = from;
    this.count = count;
    this.perPoll = perPoll;
    this.gateAt = gateAt;
    this.gate = gate;
  }

  static NumberSource of(long from, long count) {
    return new NumberSource(from, count, 64, -1, new CountDownLatch(0));
  }

  @Override
  public void open(StageContext context) {
    next = from;
  }

  @Override
  public void openAt(StageContext context, String position) {
    openedAt = position;
    next = Long.parseLong(position);
  }

  @Override
  public String position() {
    return Long.toString(next);
  }

  @Override
  public boolean poll(Emitter<Long> out) {
    for (int i = 0; i < perPoll && (count < 0 || next < from + count); i++) {
      if (next == gateAt && gate.getCount() > 0) {
        if (gateDeadline == 0) {
          gateDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        } else if (System.nanoTime() - gateDeadline > 0) {
          throw new IllegalStateException("the gate at " + gateAt + " never opened");
        }
        return true; // nothing this poll: the barriers still leave between polls
      }
      out.emit(next++);
    }
    return count < 0 || next < from + count;
  }
}

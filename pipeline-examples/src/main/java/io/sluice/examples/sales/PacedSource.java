package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import io.sluice.examples.console.Pacer;
import java.util.ArrayDeque;

/**
 * Plays another source back at a fixed rate, as if its records arrived from a live feed. Each
 * poll emits only the records that are due, and nothing if none is, so the runner's source
 * thread idles between them.
 *
 * @param <T> the record type
 */
final class PacedSource<T> implements Source<T> {
  private final Source<T> inner;
  private final long perSecond;
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private Pacer pacer;
  private long emitted;
  private boolean innerDone;

  PacedSource(Source<T> inner, long perSecond) {
    this.inner = inner;
    this.perSecond = perSecond;
  }

  @Override
  public void open(StageContext context) throws Exception {
    pending.clear();
    emitted = 0;
    innerDone = false;
    inner.open(context);
    pacer = new Pacer(perSecond);
  }

  @Override
  public boolean poll(Emitter<T> out) throws Exception {
    if (pending.isEmpty() && !innerDone) {
      innerDone = !inner.poll(pending::add);
    }
    while (!pending.isEmpty() && pacer.isDue(emitted)) {
      out.emit(pending.poll());
      emitted++;
    }
    return !(innerDone && pending.isEmpty());
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }
}

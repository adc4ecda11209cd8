package io.sluice.runtime;

import io.sluice.api.FlushReason;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A sink that keeps every record and every batch with its flush reason, for assertions. */
final class RecordingSink<T> implements Sink<T> {
  record Batch(int size, FlushReason reason) {}

  private final List<T> records = Collections.synchronizedList(new ArrayList<>());
  private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
  private volatile StageContext context;
  volatile int opens;
  volatile int closes;
  volatile String openThread;
  volatile String closeThread;

  @Override
  public void open(StageContext ctx) {
    context = ctx;
    opens++;
    openThread = Thread.currentThread().getName();
  }

  @Override
  public void write(T record) {
    records.add(record);
  }

  @Override
  public void writeBatch(List<T> batch) {
    batches.add(new Batch(batch.size(), context.flushReason()));
    records.addAll(batch);
  }

  @Override
  public void close() {
    closes++;
    closeThread = Thread.currentThread().getName();
  }

  List<T> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  List<Batch> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }
}

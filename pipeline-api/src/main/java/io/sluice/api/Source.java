package io.sluice.api;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the records of a pipeline come from, read by the runner one call of {@link #poll} at a time.
 *
 * <p>The runner calls {@link #poll} repeatedly on one thread until it returns {@code false} (the
 * source is exhausted) or the run is closed; between two calls it may stop reading, so a source must
 * not assume it will be read to the end. {@link #open} and {@link #close} bracket the reading.
 *
 * @param <T> the type of the records produced
 */
@FunctionalInterface
public interface Source<T> {

  /**
   * Prepares the source for a run. The default does nothing.
   *
   * @param context the pipeline and stage this instance runs in
   * @throws Exception if the source cannot start; the run then fails
   */
  default void open(StageContext context) throws Exception {}

  /**
   * Emits the next few records (zero or more; a small chunk keeps the pipeline responsive to close).
   * A poll may block waiting for data (a queue's {@code take()}, a socket read): a drain
   * ({@link RunningPipeline#close()}) interrupts a poll still under way about 100 ms after it was
   * asked, unless the poll is waiting for room downstream, and whatever the interrupted poll throws
   * then ends the input (flush reason {@code DRAIN}) instead of failing the run; the records it
   * emitted before go on. The interrupt flag is cleared before the next call on the source.
   *
   * @param out where to emit records; valid only during this call and on this thread
   * @return {@code false} once the source is exhausted and will emit nothing more
   * @throws Exception if reading fails; the run then fails (sources have no error policy)
   */
  boolean poll(Emitter<T> out) throws Exception;

  /**
   * Releases what the source holds. The default does nothing.
   *
   * @throws Exception if releasing fails; the failure is reported, never lost
   */
  default void close() throws Exception {}

  /**
   * Returns a source that emits each record of this one transformed by {@code mapper}. The
   * transformed source of a {@link ResumableSource} is resumable too, with the same positions, so
   * it can be read by a pipeline with checkpoints.
   *
   * @param mapper the transformation; must not return {@code null}
   * @param <R> the type of the transformed records
   * @return the transformed source
   * @throws NullPointerException if {@code mapper} is {@code null}
   */
  default <R> Source<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return MappedSource.of(this, mapper);
  }

  /**
   * Returns a source over the records of an iterable, read afresh by every run.
   *
   * @param records the records; the iterable and its elements must not be {@code null}
   * @param <T> the record type
   * @return a source emitting the records in iteration order
   * @throws NullPointerException if {@code records} is {@code null}
   */
  static <T> Source<T> fromIterable(Iterable<? extends T> records) {
    Objects.requireNonNull(records, "records");
    return new IterableSource<>(records);
  }

  /**
   * Returns a source over the given records.
   *
   * @param records the records, none {@code null}
   * @param <T> the record type
   * @return a source emitting the records in order
   * @throws NullPointerException if {@code records} or one of them is {@code null}
   */
  @SafeVarargs
  static <T> Source<T> of(T... records) {
    return fromIterable(List.of(records));
  }
}

/**
 * Reads an iterable in chunks; the iterator is created at open so every run starts afresh. Its
 * position is the number of records emitted, so a run with checkpoints resumes by skipping that
 * many (the iterable must give the same records in the same order every time).
 */
final class IterableSource<T> implements ResumableSource<T> {
  private static final int CHUNK = 256;
  private final Iterable<? extends T> records;
  private Iterator<? extends T> iterator;
  private long emitted;

  IterableSource(Iterable<? extends T> records) {
    this.records = records;
  }

  @Override
  public void open(StageContext context) {
    iterator = records.iterator();
    emitted = 0;
  }

  @Override
  public void openAt(StageContext context, String position) {
    long skip = ResumableSource.recordCount(context.stageName(), position);
    open(context);
    while (emitted < skip && iterator.hasNext()) {
      iterator.next();
      emitted++;
    }
    Checks.check(emitted == skip, "source '%s': position %s is past the end (%s records)",
        context.stageName(), skip, emitted);
  }

  @Override
  public String position() {
    return Long.toString(emitted);
  }

  @Override
  public boolean poll(Emitter<T> out) {
    for (int i = 0; i < CHUNK && iterator.hasNext(); i++) {
      emitted++;
      out.emit(iterator.next());
    }
    return iterator.hasNext();
  }
}

package io.sluice.api;

import java.util.function.Function;

/**
 * What {@link Source#map} returns: the records of another source, each transformed. A mapped
 * {@link ResumableSource} stays resumable ({@link Resumable}): the transformation is one record in,
 * one record out, so the underlying source's positions mean the same here.
 */
class MappedSource<T, R> implements Source<R> {
  final Source<T> source;
  private final Function<? super T, ? extends R> mapper;

  MappedSource(Source<T> source, Function<? super T, ? extends R> mapper) {
    this.source = source;
    this.mapper = mapper;
  }

  static <T, R> Source<R> of(Source<T> source, Function<? super T, ? extends R> mapper) {
    return source instanceof ResumableSource<T> resumable
        ? new Resumable<>(resumable, mapper) : new MappedSource<>(source, mapper);
  }

  @Override
  public void open(StageContext context) throws Exception {
    source.open(context);
  }

  @Override
  public boolean poll(Emitter<R> out) throws Exception {
    return source.poll(new Emitter<T>() {
      @Override
      public void emit(T record) {
        out.emit(mapper.apply(record));
      }

      @Override
      public boolean tryEmit(T record) { // keeps the source's non-blocking hand-off
        return out.tryEmit(mapper.apply(record));
      }
    });
  }

  @Override
  public void close() throws Exception {
    source.close();
  }

  @Override
  public String toString() {
    return DisplayNames.of(source) + ".map(" + DisplayNames.of(mapper) + ")";
  }

  /** A mapped resumable source: positions, resuming and commits are the underlying source's. */
  static final class Resumable<T, R> extends MappedSource<T, R> implements ResumableSource<R> {
    private final ResumableSource<T> resumable;

    Resumable(ResumableSource<T> source, Function<? super T, ? extends R> mapper) {
      super(source, mapper);
      this.resumable = source;
    }

    @Override
    public String position() {
      return resumable.position();
    }

    @Override
    public void openAt(StageContext context, String position) throws Exception {
      resumable.openAt(context, position);
    }

    @Override
    public void checkpointCompleted(String position) throws Exception {
      resumable.checkpointCompleted(position);
    }
  }
}

package io.sluice.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How many workers run one stage at the same time, and in what order their outputs leave: the
 * per-stage setting next to the {@link Dispatch}. Each worker has its own stage instance from the
 * stage's factory and batches on its own under the stage's dispatch; error policies, retries and
 * batch isolation act per worker.
 *
 * <ul>
 *   <li>{@link #ordered(int)}: outputs leave in the order their inputs arrived, through a bounded
 *       reorder buffer ({@link #reorderCapacity()} records) that holds the input back when full;
 *   <li>{@link #unordered(int)}: outputs leave as workers finish them;
 *   <li>{@link #keyed(int, Function)}: records with the same key go to the same worker, so the
 *       outputs of one key keep their order; keys do not wait for each other.
 * </ul>
 *
 * <p>Immutable. Like {@link Dispatch}, bounds are checked when the setting is given to a stage
 * ({@link #requireValidFor(String)}), so the message names the stage: workers between 1 and
 * {@link #MAX_WORKERS}, a reorder capacity between 1 and {@link #MAX_REORDER_CAPACITY}.
 */
public final class Parallelism {
  /** The most workers a stage may have. */
  public static final int MAX_WORKERS = 1024;
  /** The largest reorder buffer, in records. */
  public static final int MAX_REORDER_CAPACITY = 1 << 20;
  /** The reorder buffer of an ordered stage unless set, in records. */
  public static final int DEFAULT_REORDER_CAPACITY = 1024;

  /** In what order the outputs of the workers leave the stage. */
  public enum Ordering {
    /** In input order, through a bounded reorder buffer. */
    ORDERED,
    /** As the workers finish. */
    UNORDERED,
    /** Per key: a key always goes to the same worker, so its records keep their order. */
    KEYED
  }

  private static final Parallelism NONE =
      new Parallelism(1, Ordering.ORDERED, null, DEFAULT_REORDER_CAPACITY);

  private final int workers;
  private final Ordering ordering;
  private final Function<Object, ?> key;
  private final int reorderCapacity;

  private Parallelism(int workers, Ordering ordering, Function<Object, ?> key,
      int reorderCapacity) {
    this.workers = workers;
    this.ordering = ordering;
    this.key = key;
    this.reorderCapacity = reorderCapacity;
  }

  /**
   * One worker: the stage runs as it always did. The default of every stage.
   *
   * @return the serial setting
   */
  public static Parallelism none() {
    return NONE;
  }

  /**
   * {@code workers} workers whose outputs leave in input order.
   *
   * @param workers how many (checked when given to a stage: 1 to {@link #MAX_WORKERS})
   * @return the setting
   */
  public static Parallelism ordered(int workers) {
    return new Parallelism(workers, Ordering.ORDERED, null, DEFAULT_REORDER_CAPACITY);
  }

  /**
   * {@code workers} workers whose outputs leave as they are ready.
   *
   * @param workers how many (checked when given to a stage: 1 to {@link #MAX_WORKERS})
   * @return the setting
   */
  public static Parallelism unordered(int workers) {
    return new Parallelism(workers, Ordering.UNORDERED, null, DEFAULT_REORDER_CAPACITY);
  }

  /**
   * {@code workers} workers; each key always goes to the same worker ({@code hashCode} of the key,
   * spread), so the outputs of one key keep their input order.
   *
   * @param workers how many (checked when given to a stage: 1 to {@link #MAX_WORKERS})
   * @param key gives a record's key; called on the stage's input thread, must not return
   *     {@code null}; a {@code null} key fails the run naming the stage and the record
   * @param <T> the record type
   * @return the setting
   * @throws NullPointerException if {@code key} is {@code null}
   */
  @SuppressWarnings("unchecked")
  public static <T> Parallelism keyed(int workers, Function<? super T, ?> key) {
    Checks.notNull(key, "key function of Parallelism.keyed(" + workers + ", key)");
    return new Parallelism(workers, Ordering.KEYED, (Function<Object, ?>) key,
        DEFAULT_REORDER_CAPACITY);
  }

  /**
   * Returns this setting with another reorder buffer size, in records: how many records an
   * ordered stage takes in before the oldest has left. Only {@link Ordering#ORDERED} uses it. The
   * runner never uses fewer than {@code (workers + 1) x batch size}, so that every worker can fill
   * a batch while the oldest record waits.
   *
   * @param records the capacity (checked when given to a stage: 1 to
   *     {@link #MAX_REORDER_CAPACITY})
   * @return the new setting
   */
  public Parallelism withReorderCapacity(int records) {
    return new Parallelism(workers, ordering, key, records);
  }

  /**
   * Checks the bounds, naming the stage.
   *
   * @param stageName the stage given this setting
   * @return this setting
   * @throws IllegalArgumentException if workers or the reorder capacity are out of bounds
   */
  public Parallelism requireValidFor(String stageName) {
    Checks.check(workers >= 1 && workers <= MAX_WORKERS,
        "stage '%s': parallel workers must be between 1 and %d but was %d", stageName,
        MAX_WORKERS, workers);
    Checks.check(reorderCapacity >= 1 && reorderCapacity <= MAX_REORDER_CAPACITY,
        "stage '%s': reorder capacity must be between 1 and %d records but was %d", stageName,
        MAX_REORDER_CAPACITY, reorderCapacity);
    return this;
  }

  /**
   * Returns how many workers run the stage.
   *
   * @return the workers, 1 when not parallel
   */
  public int workers() {
    return workers;
  }

  /**
   * Tells whether the stage runs on more than one worker.
   *
   * @return {@code true} if {@link #workers()} is above 1
   */
  public boolean isParallel() {
    return workers > 1;
  }

  /**
   * Returns the order in which outputs leave.
   *
   * @return the ordering
   */
  public Ordering ordering() {
    return ordering;
  }

  /**
   * Returns the key function of a {@linkplain Ordering#KEYED keyed} setting.
   *
   * @return the key function, empty unless keyed
   */
  public Optional<Function<Object, ?>> key() {
    return Optional.ofNullable(key);
  }

  /**
   * Returns the reorder buffer size the setting asks for, in records.
   *
   * @return the capacity
   */
  public int reorderCapacity() {
    return reorderCapacity;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Parallelism p && workers == p.workers && ordering == p.ordering
        && Objects.equals(key, p.key) && reorderCapacity == p.reorderCapacity;
  }

  @Override
  public int hashCode() {
    return Objects.hash(workers, ordering, key, reorderCapacity);
  }

  /** Reads as in the DSL: {@code parallel(4, ORDERED)}, {@code parallel(1)} when serial. */
  @Override
  public String toString() {
    return workers == 1 ? "parallel(1)" : "parallel(" + workers + ", " + ordering + ")";
  }
}

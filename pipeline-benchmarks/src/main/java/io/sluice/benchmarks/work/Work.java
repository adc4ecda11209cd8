package io.sluice.benchmarks.work;

/**
 * The three trivial stages every pipeline in the benchmarks runs, written once so each system does
 * exactly the same work per record: add one, triple, keep the even results (about half).
 */
public final class Work {
  private Work() {}

  /**
   * Stage 1: {@code plusOne = input + 1}.
   *
   * @param item the record
   * @return the same record
   */
  public static Item inc(Item item) {
    item.plusOne = item.input + 1;
    return item;
  }

  /**
   * Stage 2: {@code tripled = plusOne * 3}.
   *
   * @param item the record
   * @return the same record
   */
  public static Item triple(Item item) {
    item.tripled = item.plusOne * 3;
    return item;
  }

  /**
   * Stage 3, a filter: keeps the records whose {@code tripled} is even.
   *
   * @param item the record
   * @return whether the record goes on to the sink
   */
  public static boolean keep(Item item) {
    return (item.tripled & 1) == 0;
  }

  /**
   * Runs all three stages on one record, as a hand-fused loop would.
   *
   * @param item the record
   * @return whether the record reaches the sink
   */
  public static boolean all(Item item) {
    return keep(triple(inc(item)));
  }
}

package io.sluice.benchmarks.work;

/**
 * The record every system in the benchmarks carries: a mutable object with one field per stage, so
 * the stage work is the same everywhere (a field read, one arithmetic operation, a field write), no
 * stage allocates, and a run can be repeated over the same items without resetting them (each stage
 * overwrites its field from the previous one).
 *
 * <p>Mutating a record in flight is safe here because each item is owned by one stage at a time:
 * every system hands it on through a queue or ring that publishes the writes.
 */
public final class Item {
  /** Written once when the item is made: the record's position in its run. */
  public final long input;
  /** Written by the first stage: {@code input + 1}. */
  public long plusOne;
  /** Written by the second stage: {@code plusOne * 3}. */
  public long tripled;

  /**
   * Creates an item.
   *
   * @param input the record's value
   */
  public Item(long input) {
    this.input = input;
  }

  /**
   * Makes the items {@code 0 .. count-1}.
   *
   * @param count how many
   * @return a new array of new items
   */
  public static Item[] range(int count) {
    Item[] items = new Item[count];
    for (int i = 0; i < count; i++) {
      items[i] = new Item(i);
    }
    return items;
  }
}

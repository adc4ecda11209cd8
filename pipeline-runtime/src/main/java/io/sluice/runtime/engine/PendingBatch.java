package io.sluice.runtime.engine;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The batch a step is filling, as the list the stage is handed. Records are added one by one into
 * the step's own array, or a whole batch that arrived in one ring chunk is {@linkplain #adopt
 * adopted} in place: the list then reads the chunk's array, so a batch handed on whole from one
 * batched stage to the next is never copied. Clearing nulls the slots it read (the step's own, or
 * the chunk's), so no record stays reachable, and returns to the step's own array. Used by one
 * thread; the stage sees it only through an unmodifiable view.
 */
final class PendingBatch extends AbstractList<Object> implements RandomAccess {
  private final int maxSize;
  private Object[] own;
  private Object[] items;
  private int from;
  private int size;

  /**
   * @param maxSize the dispatch's largest batch: the own array grows up to it as needed
   */
  PendingBatch(int maxSize) {
    this.maxSize = maxSize;
    this.own = new Object[Math.min(maxSize, 1 << 10)];
    this.items = own;
  }

  /** Appends a record to the step's own array; never called while a chunk is adopted. */
  @Override
  public boolean add(Object record) {
    if (size == own.length) {
      own = Arrays.copyOf(own, (int) Math.min(maxSize, 2L * size));
      items = own;
    }
    own[size++] = record;
    return true;
  }

  /**
   * Makes the batch read {@code count} records of {@code array} from {@code start}, in place; the
   * batch must be empty.
   */
  void adopt(Object[] array, int start, int count) {
    items = array;
    from = start;
    size = count;
  }

  @Override
  public Object get(int index) {
    Objects.checkIndex(index, size);
    return items[from + index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void clear() {
    Arrays.fill(items, from, from + size, null);
    items = own;
    from = 0;
    size = 0;
    modCount++;
  }
}

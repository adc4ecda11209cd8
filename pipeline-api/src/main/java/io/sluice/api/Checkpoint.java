package io.sluice.api;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A completed checkpoint of a run: for each source, the position up to which every record has
 * reached its fate at every sink (written, dead-lettered, skipped or filtered), and how many
 * records the source had read up to there, counted from the start of the first run. What a
 * {@link CheckpointStore} keeps; a run started with a store holding one resumes from it. Immutable.
 *
 * <p>A source with no position here starts from its beginning: so does every source of the
 * <em>initial</em> checkpoint, which a run that failed before its first checkpoint saves so that
 * the next one can report what it reads again.
 */
public final class Checkpoint {
  private static final String ID = "id";
  private static final String READ_AFTER = "readAfter";
  private static final String POSITION = "position.";
  private static final String RECORDS = "records.";

  private final long id;
  private final Map<String, String> positions;
  private final Map<String, Long> records;
  private final long readAfter;

  private Checkpoint(long id, Map<String, String> positions, Map<String, Long> records,
      long readAfter) {
    Checks.check(id >= 0, "checkpoint id must not be negative but was %s", id);
    Checks.check(readAfter >= -1, "checkpoint %s: records read after it must not be negative "
        + "but was %s", id, readAfter);
    this.id = id;
    this.readAfter = readAfter;
    this.positions = Map.copyOf(Checks.notNull(positions, "positions"));
    this.records = Map.copyOf(Checks.notNull(records, "records"));
    Checks.check(this.records.keySet().containsAll(this.positions.keySet()),
        "checkpoint %s: every source with a position needs its record count, but %s has none",
        id, this.positions.keySet().stream().filter(s -> !this.records.containsKey(s)).toList());
    this.records.forEach((source, count) -> Checks.check(count >= 0,
        "checkpoint %s: records before source '%s' must not be negative but was %s", id, source,
        count));
  }

  /**
   * Creates a checkpoint whose later reading is unknown.
   *
   * @param id the checkpoint's number in its run (the first is 1; 0 is the initial one)
   * @param positions per source, its position as the source wrote it
   * @param records per source, the records it had read up to that position in all runs
   * @return the checkpoint
   * @throws NullPointerException if a map or an entry is {@code null}
   * @throws IllegalArgumentException if {@code id} or a count is negative, or a source with a
   *     position has no count
   */
  public static Checkpoint of(long id, Map<String, String> positions,
      Map<String, Long> records) {
    return new Checkpoint(id, positions, records, -1);
  }

  /**
   * Returns the initial checkpoint: every source at its beginning, nothing read.
   *
   * @return checkpoint 0
   */
  public static Checkpoint initial() {
    return new Checkpoint(0, Map.of(), Map.of(), -1);
  }

  /**
   * Returns a copy that says how many records the run that saved it read after it: the records
   * the next run reads again.
   *
   * @param count records read after this checkpoint
   * @return the changed copy
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public Checkpoint withReadAfter(long count) {
    Checks.check(count >= 0, "checkpoint %s: records read after it must not be negative but was "
        + "%s", id, count);
    return new Checkpoint(id, positions, records, count);
  }

  /**
   * Returns the checkpoint's number within the run that took it; 0 for the initial checkpoint.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Returns the position of each source that has one; a source not listed starts from its
   * beginning.
   *
   * @return source name to position, immutable
   */
  public Map<String, String> positions() {
    return positions;
  }

  /**
   * Returns, per source, how many records it had read up to its position, in all runs.
   *
   * @return source name to count, immutable
   */
  public Map<String, Long> records() {
    return records;
  }

  /**
   * Returns how many records every source had read up to this checkpoint, in all runs.
   *
   * @return the sum of {@link #records()}
   */
  public long recordsBefore() {
    return records.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns how many records the run that saved this checkpoint read after it, if that run ended
   * by itself (failed, cancelled) and said so; empty if it was killed.
   *
   * @return the records the next run reads again, if known
   */
  public OptionalLong readAfter() {
    return readAfter < 0 ? OptionalLong.empty() : OptionalLong.of(readAfter);
  }

  /**
   * Writes the checkpoint as text (Java properties, without a date line), which
   * {@link #parse(String)} reads back: how the file and JDBC stores keep it.
   *
   * @return the text
   */
  public String toText() {
    Properties properties = new Properties();
    properties.setProperty(ID, Long.toString(id));
    properties.setProperty(READ_AFTER, Long.toString(readAfter));
    positions.forEach((source, position) -> properties.setProperty(POSITION + source, position));
    records.forEach((source, count) -> properties.setProperty(RECORDS + source,
        Long.toString(count)));
    StringWriter text = new StringWriter();
    try {
      properties.store(text, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString().lines().filter(line -> !line.startsWith("#")).sorted()
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /**
   * Reads a checkpoint written by {@link #toText()}.
   *
   * @param text the text
   * @return the checkpoint
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws IllegalArgumentException if the text is not a checkpoint, naming what is wrong
   */
  public static Checkpoint parse(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Checks.notNull(text, "checkpoint text")));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
    }
    Map<String, String> positions = new TreeMap<>();
    Map<String, Long> records = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key);
      if (key.startsWith(POSITION)) {
        positions.put(key.substring(POSITION.length()), value);
      } else if (key.startsWith(RECORDS)) {
        records.put(key.substring(RECORDS.length()), number(key, value));
      } else if (!key.equals(ID) && !key.equals(READ_AFTER)) {
        throw new IllegalArgumentException("not a checkpoint: unknown key '" + key + "'");
      }
    }
    Checks.check(properties.containsKey(ID), "not a checkpoint: no '%s' in %s", ID,
        properties.stringPropertyNames());
    return new Checkpoint(number(ID, properties.getProperty(ID)), positions, records,
        number(READ_AFTER, properties.getProperty(READ_AFTER, "-1")));
  }

  private static long number(String key, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a checkpoint: '" + key + "' is not a number but '"
          + value + "'", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that && id == that.id && readAfter == that.readAfter
        && positions.equals(that.positions) && records.equals(that.records);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, positions, records, readAfter);
  }

  /** Returns e.g. {@code checkpoint 3 (1,024 records: read at line=1025)}. */
  @Override
  public String toString() {
    return "checkpoint " + id + " (" + String.format("%,d", recordsBefore()) + " records"
        + (positions.isEmpty() ? ", every source at its beginning" : ": " + new TreeMap<>(positions)
            .entrySet().stream().map(e -> e.getKey() + " at " + e.getValue())
            .collect(Collectors.joining(", "))) + ")";
  }
}

package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.Port;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The side outputs of one step that the blueprint connects: where each leads and how many records
 * went out by it. Few per step, so a name is found by a scan; nothing here runs for a stage that
 * emits only to its main output.
 */
final class SideOutputs {
  private final Tally tally;
  private String[] names = new String[0];
  private Emitter<Object>[] targets = newTargets(0);

  SideOutputs(Tally tally) {
    this.tally = tally; // counts go in the tally, so snapshots carry them
  }

  @SuppressWarnings("unchecked")
  private static Emitter<Object>[] newTargets(int n) {
    return new Emitter[n];
  }

  void connect(String name, Emitter<Object> target) {
    int n = names.length;
    names = Arrays.copyOf(names, n + 1);
    targets = Arrays.copyOf(targets, n + 1);
    tally.addSideOutput();
    names[n] = name;
    targets[n] = target;
  }

  /** Passes a record out by the named side output; {@code false} if none of that name is known. */
  boolean emit(String name, Object record) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        tally.sideEmitted[i]++;
        targets[i].emit(record);
        return true;
      }
    }
    return false;
  }

  /** Sends a checkpoint barrier out by every connected side output. */
  void barrier(Barrier barrier) {
    for (Emitter<Object> target : targets) {
      BarrierLane.send(target, barrier);
    }
  }

  boolean isConnected(String name) {
    return Arrays.asList(names).contains(name);
  }

  String connected() {
    return names.length == 0 ? "none" : Arrays.toString(names);
  }

  /**
   * Counts per output, the main one (whatever the side outputs did not take) first.
   *
   * @param emittedInAll records emitted by every port
   * @param sideEmitted records emitted by each side output (the tally's, or a published copy)
   */
  Map<String, Long> byPort(long emittedInAll, long[] sideEmitted) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(Port.MAIN, emittedInAll - Arrays.stream(sideEmitted).sum());
    for (int i = 0; i < names.length; i++) {
      counts.put(names[i], sideEmitted[i]);
    }
    return counts;
  }
}

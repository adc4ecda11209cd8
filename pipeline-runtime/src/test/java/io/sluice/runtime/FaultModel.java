package io.sluice.runtime;

import io.sluice.api.ErrorPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pipeline of {@link FaultyStages} must do, worked out without running it: which stages
 * fail the run, what reaches the sink, and what each stage skips or dead-letters.
 *
 * <p>The rules it encodes are the error-policy contract: a poison record fails every call that
 * includes it, so after any retries it takes the final action alone (a failed batch is split down
 * to it); a transient fault is cured by a retry, or, without one, costs the record of the failing
 * call (a batch of several is split and its halves succeed).
 */
final class FaultModel {
  /** The stages that fail the run (any of them may be the one reported). */
  final Set<String> failing = new LinkedHashSet<>();
  /** Whether every failure is a throwing close, which happens after all records went through. */
  final boolean onlyCloseFails;
  /** What reaches the sink if the run does not fail before its end. */
  final List<Integer> sinkRecords;
  /** What reaches the sink at most, in this order, if it does. */
  final List<Integer> sinkAtMost;
  final Map<String, List<Integer>> deadLettered = new HashMap<>();
  final Map<String, Integer> skipped = new HashMap<>();

  FaultModel(List<Integer> input, List<String> names, List<FaultPlan.Stage> stages) {
    List<Integer> flow = input;
    List<Integer> kept = input;
    boolean earlyFail = false;
    for (int i = 0; i < stages.size(); i++) {
      String name = names.get(i);
      FaultPlan.Stage stage = stages.get(i);
      FaultPlan.Fault.Kind kind = stage.fault().kind();
      if (kind == FaultPlan.Fault.Kind.OPEN || kind == FaultPlan.Fault.Kind.CLOSE) {
        failing.add(name);
        earlyFail |= kind == FaultPlan.Fault.Kind.OPEN;
      }
      if (earlyFail && !failing.contains(name)) {
        // a batch call that throws may have emitted part of its output already, and a stage
        // fused behind it gets those records by a direct call, inside that call: its own failure
        // on one of them can then be the run's first, before the failing call returns
        List<Integer> leaked = new ArrayList<>();
        if (strikes(stage, kept, leaked) && stage.policy().action() == ErrorPolicy.Action.FAIL) {
          failing.add(name);
        }
      }
      List<Integer> hit = new ArrayList<>();
      boolean strikes = strikes(stage, flow, hit);
      if (strikes) {
        ErrorPolicy.Action action = stage.policy().action();
        if (action == ErrorPolicy.Action.FAIL
            || action == ErrorPolicy.Action.SKIP && hit.size() > stage.policy().limit()) {
          failing.add(name);
          earlyFail = true;
        } else if (action == ErrorPolicy.Action.SKIP) {
          skipped.put(name, hit.size());
        } else {
          deadLettered.put(name, hit);
        }
      }
      Set<Integer> lost = new HashSet<>(hit);
      flow = flow.stream().filter(r -> !lost.contains(r) && stage.keeps(r)).toList();
      kept = kept.stream().filter(stage::keeps).toList();
    }
    this.onlyCloseFails = !earlyFail;
    this.sinkRecords = flow;
    this.sinkAtMost = kept;
  }

  /**
   * Tells whether the stage's fault strikes for the records flowing into it, and adds to
   * {@code hit} the records that then take the policy's final action.
   */
  private static boolean strikes(FaultPlan.Stage stage, List<Integer> flow, List<Integer> hit) {
    FaultPlan.Fault fault = stage.fault();
    switch (fault.kind()) {
      case POISON -> {
        flow.stream().filter(fault.poison()::contains).forEach(hit::add);
        return !hit.isEmpty();
      }
      case TRANSIENT -> {
        if (stage.policy().retries()) {
          return false; // the retry succeeds
        }
        if (!stage.callsBatches()) {
          if (flow.size() < fault.call()) {
            return false;
          }
          hit.add(flow.get(fault.call() - 1));
          return true;
        }
        int size = stage.dispatch().maxSize();
        int from = (fault.call() - 1) * size;
        if (from >= flow.size()) {
          return false;
        }
        List<Integer> batch = flow.subList(from, Math.min(flow.size(), from + size));
        if (batch.size() == 1 || stage.policy().action() == ErrorPolicy.Action.FAIL) {
          hit.addAll(batch); // a batch of several is split, and its halves succeed
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}

package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.benchmarks.work.Checksum;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method JMH knows of (from the generated benchmark list) once, outside JMH,
 * on a few thousand records: each must process every record (the methods check their sink's count
 * and sum and throw otherwise), count them, and return the checksum. This is what keeps a baseline
 * from measuring dead code or a lost record; it measures no time.
 */
class BenchmarkSmokeTest {
  /** Small sizes for the parameters that set how much work an operation does. */
  private static final Map<String, String> SMALL = Map.of("records", "4096", "sinkRecords", "300");

  static Stream<String> benchmarks() {
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    return BenchmarkList.defaultList()
        .getAll(OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT), List.of())
        .stream().map(BenchmarkListEntry::getUsername).sorted();
  }

  @Test
  void theSuiteHasEveryBenchmarkTheReportNames() {
    assertThat(benchmarks().toList()).contains(
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.sluice",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.sluiceFused",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.sluiceOneThread",
        "io.sluice.benchmarks.BatchedPipelineBenchmark.sluiceFusedBatched256",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.disruptorYielding",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.disruptorBlocking",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.reactorPublishOn",
        "io.sluice.benchmarks.PerRecordPipelineBenchmark.handFusedLoop",
        "io.sluice.benchmarks.BatchedPipelineBenchmark.sluiceBatched256",
        "io.sluice.benchmarks.SteadyStateBenchmark.sluiceSteadyState",
        "io.sluice.benchmarks.FixedCostBenchmark.sluiceOneThread",
        "io.sluice.benchmarks.FixedCostBenchmark.sluiceRingPerStage");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("benchmarks")
  void everyBenchmarkProcessesEveryRecord(String benchmark) throws Exception {
    int dot = benchmark.lastIndexOf('.');
    Class<?> type = Class.forName(benchmark.substring(0, dot));
    Method method = findBenchmark(type, benchmark.substring(dot + 1));
    for (Map<String, String> params : paramCombinations(type)) {
      Object state = newState(type, params);
      try {
        List<Object> args = new ArrayList<>();
        RecordCounter counter = null;
        for (Class<?> argType : method.getParameterTypes()) {
          Object arg = argType == RecordCounter.class ? new RecordCounter()
              : newState(argType, Map.of());
          if (arg instanceof RecordCounter c) {
            counter = c;
          }
          args.add(arg);
        }
        Object result = method.invoke(state, args.toArray());
        assertThat(counter).as(benchmark + " takes a RecordCounter").isNotNull();
        if (state instanceof SelfChecked self) { // its records per run depend on its params
          assertThat(counter.records).as(benchmark + " " + params + " counts its records")
              .isEqualTo(self.recordsPerRun());
          assertThat(result).as(benchmark + " " + params + " returns the checksum")
              .isEqualTo(self.expectedResult());
          continue;
        }
        long records = Long.parseLong(params.getOrDefault("records",
            params.getOrDefault("sinkRecords", "0")));
        assertThat(counter.records).as(benchmark + " " + params + " counts its records")
            .isEqualTo(records);
        long expected = params.containsKey("sinkRecords") ? records * (records - 1) / 2
            : Checksum.expectedSum(records);
        assertThat(result).as(benchmark + " " + params + " returns the checksum")
            .isEqualTo(expected);
      } finally {
        invokeAll(state, TearDown.class);
      }
    }
  }

  private static Method findBenchmark(Class<?> type, String name) {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name) && method.isAnnotationPresent(Benchmark.class)) {
        return method;
      }
    }
    throw new AssertionError("no @Benchmark " + name + " in " + type.getName());
  }

  /** Every combination of the class's own {@code @Param} values, work sizes made small. */
  private static List<Map<String, String>> paramCombinations(Class<?> type) {
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(Map.of());
    for (Field field : type.getFields()) {
      Param param = field.getAnnotation(Param.class);
      if (param == null) {
        continue;
      }
      List<String> values = SMALL.containsKey(field.getName())
          ? List.of(SMALL.get(field.getName())) : List.of(param.value());
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> combination : combinations) {
        for (String value : values) {
          Map<String, String> extended = new HashMap<>(combination);
          extended.put(field.getName(), value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    return combinations;
  }

  /** Makes a state object as JMH would: parameters set (first value by default), set up. */
  private static Object newState(Class<?> type, Map<String, String> params) throws Exception {
    Object state = type.getConstructor().newInstance();
    for (Field field : type.getFields()) {
      Param param = field.getAnnotation(Param.class);
      if (param != null) {
        String value = params.getOrDefault(field.getName(), param.value()[0]);
        field.set(state, field.getType() == int.class ? (Object) Integer.parseInt(value) : value);
      }
    }
    invokeAll(state, Setup.class);
    return state;
  }

  private static void invokeAll(Object state, Class<? extends Annotation> a)
      throws Exception {
    for (Method method : state.getClass().getMethods()) {
      if (method.isAnnotationPresent(a)) {
        method.invoke(state);
      }
    }
  }
}

package io.sluice.flink;

import io.sluice.api.Edge;
import io.sluice.api.Pipeline;
import io.sluice.api.Port;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a blueprint's graph into a DataStream job, node by node in graph order: a source node
 * becomes a {@link SluiceSource} (parallelism 1: one split) followed by a counter; every other
 * node a {@link StepOperator} reading the union of the streams of its input ports (each counted
 * per edge when there are several), spread over its subtasks as its {@link StagePartitioning}
 * says; a side output a Flink side output. Every node is checked to
 * be shippable first, so a job that cannot run is refused before anything is submitted.
 */
final class JobTranslator {
  private static final Logger LOG = LoggerFactory.getLogger(JobTranslator.class);
  /** Records travel as objects: Kryo between tasks, by reference inside a chain. */
  static final TypeInformation<Object> RECORDS = TypeInformation.of(Object.class);

  private JobTranslator() {}

  /**
   * Checks that every node can be shipped.
   *
   * @param references how to hand over nodes that cannot be shipped, or {@code null} to refuse them
   * @return the shipped form of every node, by name
   * @throws IllegalArgumentException naming the first node that cannot run on Flink
   */
  static Map<String, ShippedStage> ship(Pipeline<?> pipeline, InJvmReferences references) {
    Map<String, ShippedStage> shipped = new LinkedHashMap<>();
    for (StageDefinition def : pipeline.stages()) {
      if (def.kind() == StageKind.LIVE_INPUT) {
        throw new IllegalArgumentException("pipeline '" + pipeline.name() + "' reads live input '"
            + def.name() + "', which the Flink runner cannot push into: read from a Source");
      }
      shipped.put(def.name(), ShippedStage.of(pipeline, def, references));
      StagePartitioning.of(pipeline.name(), def); // refuses what cannot be spread over subtasks
      def.options().async().ifPresent(async -> LOG.info("stage '{}' of pipeline '{}' is {}: on "
          + "Flink each subtask makes its calls one at a time (with the timeout); give the runner "
          + "more parallelism to overlap them", def.name(), pipeline.name(), async));
    }
    return shipped;
  }

  /**
   * Adds the job to an environment.
   *
   * @param pipeline the blueprint
   * @param shipped what {@link #ship} returned for it
   * @param env the environment
   * @param parallelism the parallelism of every node but the sources and parallel stages (which
   *     have their own)
   */
  static void translate(Pipeline<?> pipeline, Map<String, ShippedStage> shipped,
      StreamExecutionEnvironment env, int parallelism) {
    Map<String, DataStream<Object>> byPort = new HashMap<>();
    // with checkpoints, a stage's failure fails its task (Flink restarts from a checkpoint)
    boolean failsTask = env.getCheckpointConfig().isCheckpointingEnabled();
    for (StageDefinition def : pipeline.stages()) {
      ShippedStage stage = shipped.get(def.name());
      if (def.kind().isInput()) {
        DataStream<Object> read = env.fromSource(new SluiceSource(stage),
                WatermarkStrategy.noWatermarks(), def.name(), RECORDS)
            .setParallelism(1).uid("sluice-" + def.name())
            .map(new RecordCounter(AccumulatorNames.input(def.name())), RECORDS)
            .setParallelism(1).name(def.name() + " (count)");
        byPort.put(Port.main(def.name()).toString(), read);
        continue;
      }
      StagePartitioning partitioning = StagePartitioning.of(pipeline.name(), def);
      int subtasks = partitioning.parallelism(parallelism);
      DataStream<Object> in = partitioning.spread(input(def, byPort));
      Map<String, OutputTag<Object>> sides = new LinkedHashMap<>();
      for (Edge edge : pipeline.edgesFrom(def.name())) {
        if (!edge.from().isMain()) {
          sides.putIfAbsent(edge.from().name(),
              new OutputTag<>(def.name() + "." + edge.from().name(), RECORDS));
        }
      }
      SingleOutputStreamOperator<Object> out = in
          .transform(def.name(), RECORDS, new StepOperator(stage, sides, failsTask))
          .setParallelism(subtasks).uid("sluice-" + def.name());
      byPort.put(Port.main(def.name()).toString(), out);
      sides.forEach((port, tag) -> byPort.put(def.name() + "." + port, out.getSideOutput(tag)));
      if (def.kind().isSink()) {
        out.sinkTo(new DiscardingSink<>()).setParallelism(subtasks)
            .name(def.name() + " (end)");
      }
    }
  }

  /** The stream a node reads: its one input port's, or the union of several, each counted. */
  private static DataStream<Object> input(StageDefinition def,
      Map<String, DataStream<Object>> byPort) {
    List<Port> ports = def.inputPorts();
    if (ports.size() == 1) {
      return byPort.get(ports.get(0).toString());
    }
    List<DataStream<Object>> counted = new ArrayList<>();
    for (Port port : ports) {
      DataStream<Object> from = byPort.get(port.toString());
      counted.add(from.map(new RecordCounter(AccumulatorNames.edge(new Edge(port, def.name()))),
          RECORDS).setParallelism(from.getParallelism()).name(port + " -> " + def.name()));
    }
    DataStream<Object> first = counted.get(0);
    @SuppressWarnings("unchecked")
    DataStream<Object>[] rest = counted.subList(1, counted.size()).toArray(DataStream[]::new);
    return first.union(rest);
  }
}

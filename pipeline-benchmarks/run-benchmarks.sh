#!/usr/bin/env bash
# Builds pipeline-benchmarks and runs the whole suite (a few minutes on 2 cores), then writes a
# markdown report of the results with the issue's targets and ratios.
#
#   pipeline-benchmarks/run-benchmarks.sh [extra JMH options, e.g. -p records=20000000]
#
# Environment: OUT (results directory, default pipeline-benchmarks/target/benchmark-results),
# FORKS (1), WARMUPS (2), ITERATIONS (3), WARMUP_TIME (1s), TIME (1s), LATENCY_SECONDS (3, measured
# per latency run), MAVEN_ARGS (e.g. -o),
# SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${OUT:-$here/target/benchmark-results}
jar=$here/target/benchmarks.jar

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  (cd "$root" && mvn -B -q ${MAVEN_ARGS:-} package -DskipTests -pl pipeline-benchmarks -am)
fi
mkdir -p "$out"
jmh=(-f "${FORKS:-1}" -wi "${WARMUPS:-2}" -i "${ITERATIONS:-3}" -w "${WARMUP_TIME:-1s}"
  -r "${TIME:-1s}")
machine="$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), \
$(java -version 2>&1 | head -1)"
echo "$machine" | tee "$out/machine.txt"

# 1-3: throughput of the three-stage pipeline per record and batched, and of the costly sink.
java -jar "$jar" 'PerRecordPipelineBenchmark|BatchedPipelineBenchmark|SinkCostBenchmark' \
  "${jmh[@]}" -rf json -rff "$out/throughput.json" "$@" | tee "$out/throughput.txt"

# 5: allocation per record of a running pipeline; the hand-fused loop shows the floor.
java -jar "$jar" 'SteadyStateBenchmark|PerRecordPipelineBenchmark.handFusedLoop' \
  "${jmh[@]}" -prof gc -rf json -rff "$out/allocation.json" "$@" | tee "$out/allocation.txt"

# 4: how late TIME flushes fire, with the real clock.
java -cp "$jar" io.sluice.benchmarks.timeflush.TimeFlushLateness --out "$out/time-flush.json" \
  | tee "$out/time-flush.txt"

# 7: latency: three paced stages against the raw Disruptor and Reactor, a slow stage, a long-polling
# source, idle CPU, the costly sink under each dispatch (a driver: histograms, not JMH scores).
java -cp "$jar" io.sluice.benchmarks.latency.HandOffLatency --seconds "${LATENCY_SECONDS:-3}" \
  --out "$out/latency.md" | tee "$out/latency.txt"

# 6: the cost of the metrics' timing (counts are always on): the same pipelines, timing on and off.
java -jar "$jar" 'MetricsOverheadBenchmark' "${jmh[@]}" -rf json -rff "$out/metrics.json" "$@" \
  | tee "$out/metrics.txt"

# 8: parallel and async stages (2 ms of parked I/O at 1-64 workers or calls in flight, against
# Reactor flatMapSequential), and a CPU-bound parallel stage on 1, 2 and 4 workers.
java -jar "$jar" 'concurrency.Parallel(Io|Cpu)Benchmark' "${jmh[@]}" -rf json \
  -rff "$out/concurrency.json" "$@" | tee "$out/concurrency.txt"

java -cp "$jar" io.sluice.benchmarks.report.BenchmarkReport \
  --throughput "$out/throughput.json" --allocation "$out/allocation.json" \
  --time-flush "$out/time-flush.json" --machine "$machine" --out "$out/report.md"
{
  printf '\n## Metrics overhead (timing on vs off; records/s)\n\n```\n'
  grep -E '^(Benchmark|MetricsOverheadBenchmark).*(Units|:records)' "$out/metrics.txt" || true
  printf '```\n'
} >> "$out/report.md"
{
  printf '\n## Latency\n\n'
  cat "$out/latency.md"
} >> "$out/report.md"
{
  printf '\n## Parallel and asynchronous stages (records/s)\n\n```\n'
  grep -E '^(Benchmark|Parallel(Io|Cpu)Benchmark).*(Units|:records)' "$out/concurrency.txt" || true
  printf '```\n'
} >> "$out/report.md"
echo "report: $out/report.md"

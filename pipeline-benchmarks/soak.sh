#!/usr/bin/env bash
# The soak run: 10^8 records through the three-stage pipeline under -Xmx64m. Memory must be
# bounded by the rings, not by the input; the run fails on OutOfMemoryError or a wrong checksum.
#
#   pipeline-benchmarks/soak.sh [records (100000000)] [perRecord|batched]
#
# Environment: MAVEN_ARGS (e.g. -o), SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  (cd "$(dirname "$here")" && mvn -B -q ${MAVEN_ARGS:-} package -DskipTests -pl pipeline-benchmarks -am)
fi
exec java -Xmx64m -XX:+ExitOnOutOfMemoryError -cp "$here/target/benchmarks.jar" \
  io.sluice.benchmarks.soak.Soak "${1:-100000000}" "${2:-perRecord}"

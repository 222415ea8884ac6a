#!/usr/bin/env bash
# Runs one Tasker benchmark suite (docs/benchmarks.md) on demand:
#   loadtests/bench.sh orchestrator [options]   orchestrator latency, step throughput, raw PGMQ
#   loadtests/bench.sh wasm [options]           Chicory vs Node WASI per-invocation latency
#   loadtests/bench.sh <suite> --help           options of a suite
# Builds the orchestrator jar and the harness first (tests skipped); set TASKER_BENCH_SKIP_BUILD=1 to reuse the
# last build. Selects a JDK 21+ like ./run-tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
if [ "${TASKER_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl loadtests -am package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -cp "loadtests/target/classes:$(cat loadtests/target/classpath.txt)" \
  dev.tasker.loadtests.BenchMain --project-dir . "$@"

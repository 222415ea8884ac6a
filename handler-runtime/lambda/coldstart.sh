#!/usr/bin/env bash
# Measures the Tasker Lambda function's cold start locally, through the Lambda emulator of the test tree
# (see docs/lambda.md, "Cold start"). Builds the function zip, then runs
# dev.tasker.lambda.coldstart.ColdStartBenchmark and prints a p50/p95 table (also written to
# handler-runtime/lambda/target/coldstart/results.md).
#
# Usage: handler-runtime/lambda/coldstart.sh [runs per variant, default 20] [extra Maven arguments,
#        e.g. -Dcoldstart.modes=build_time_compiled -Dcoldstart.jvms=lambda,appcds]
# Needs a JDK 25 (the AOT cache variant uses JDK 25's -XX:AOTCacheOutput): JAVA_HOME when it is 25+,
# else the first JDK 25+ under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/jdk.sh
if [ "$(tasker_java_major "$JAVA_HOME")" -lt 25 ]; then
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(tasker_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ "$(tasker_java_major "$JAVA_HOME")" -lt 25 ]; then
  echo "coldstart.sh needs a JDK 25 or later (found $JAVA_HOME): set JAVA_HOME to one." >&2
  exit 1
fi
runs="${1:-20}"
shift || true
exec ./mvnw -B -q -Pcoldstart -pl handler-runtime/lambda -am clean verify -DskipTests -Dcoldstart.runs="$runs" "$@"

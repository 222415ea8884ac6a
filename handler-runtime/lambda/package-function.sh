#!/usr/bin/env bash
# Packages the Tasker Lambda function around YOUR handler module: the module is validated, compiled to
# JVM classes at build time (Chicory's chicory-compiler-maven-plugin) and zipped with the function
# (see docs/lambda.md, "Packaging your own module").
#
# Usage: handler-runtime/lambda/package-function.sh <module.wasm|module.wat> [output.zip] [Maven arguments...]
#   output.zip defaults to handler-runtime/lambda/target/tasker-lambda-function.zip.
#   Pass -Dtasker.handler.interpreterFallback=WARN when the build fails with "WASM function size exceeds
#   the Java method size limits": those functions then run in Chicory's interpreter.
# Needs a JDK 21+ (JAVA_HOME, or found under /usr/lib/jvm).
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
module="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ ! -f "$module" ]; then
  echo "handler module not found: $1" >&2
  exit 2
fi
output=""
if [ $# -ge 2 ] && [[ "$2" != -* ]]; then
  output="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
  shift
fi
shift
cd "$(dirname "$0")/../.."
. bin/jdk.sh
# clean: no generated classes of a previously packaged module may linger in the jar
./mvnw -B -q -pl handler-runtime/lambda -am clean package -DskipTests -Dtasker.handler.module="$module" "$@"
zip=handler-runtime/lambda/target/tasker-lambda-function.zip
if [ -n "$output" ]; then
  cp "$zip" "$output"
  zip="$output"
fi
echo "function package: $zip (handler dev.tasker.lambda.StepHandlerFunction::handleRequest)"

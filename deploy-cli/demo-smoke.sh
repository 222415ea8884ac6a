#!/usr/bin/env bash
# CI check of the README's first command: clones this repository (committed state) into a temporary
# directory and runs ./tasker demo there, the way a new user would on a machine with only a JDK.
# The demo gets its own port and data directory so it never reuses an orchestrator that is already running.
# Exit status: the demo's (0 when both demo tasks ended as expected; see docs/cli.md for the others).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tasker-demo-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT

port=${TASKER_DEMO_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)}

git clone -q "$repo" "$work/tasker"
cd "$work/tasker"
echo "demo-smoke: running ./tasker demo in a fresh clone ($work/tasker), orchestrator port $port" >&2
set +e
./tasker demo --server "http://localhost:$port" --data-dir "$work/demo" 2>&1 | tee "$work/demo.out"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "demo-smoke: ./tasker demo exited with $status" >&2
  [ -f "$work/demo/server.log" ] && { echo "--- last lines of the orchestrator log" >&2; tail -n 40 "$work/demo/server.log" >&2; }
  exit "$status"
fi
# The demo must show the flaky payment being retried and the oversized order failing.
grep -q "waiting_for_retry" "$work/demo.out" || { echo "demo-smoke: the payment retry was not shown" >&2; exit 1; }
grep -q "Ended in error, as expected" "$work/demo.out" || { echo "demo-smoke: the failing order was not shown" >&2; exit 1; }
echo "demo-smoke: ok" >&2

#!/usr/bin/env bash
# Orchestrator benchmark (issue 3): create-to-complete latency of linear-4 and diamond-4 tasks, sustained step
# throughput, and raw PGMQ rates on the same database. Options: see `loadtests/bench.sh orchestrator --help`
# (e.g. --tasks 20 --throughput-tasks 100 for a short run).
exec "$(dirname "$0")/bench.sh" orchestrator "$@"

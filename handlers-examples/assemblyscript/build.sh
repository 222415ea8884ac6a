#!/usr/bin/env bash
# Builds the AssemblyScript example handlers (one entry file per handler in assembly/) into WASI
# preview1 command modules with asc 0.28, @assemblyscript/wasi-shim and the json-as transform
# (asconfig.json). Exact package versions are pinned by package-lock.json.
#
# Usage: assemblyscript/build.sh [OUT_DIR]     (default OUT_DIR: handlers-examples/target/wasm)
# Needs: node and npm (node 20); runs `npm ci` when node_modules is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-$here/../target/wasm}" && cd "${1:-$here/../target/wasm}" && pwd)
cd "$here"

if [[ ! -x node_modules/.bin/asc ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
for src in assembly/*.ts; do
  name=$(basename "$src" .ts)
  # Warnings from json-as's generated code are not ours: show only errors.
  if ! log=$(node_modules/.bin/asc "$src" --config asconfig.json -o "$out/$name.wasm" 2>&1); then
    echo "$log" >&2
    exit 1
  fi
  echo "assemblyscript: built $out/$name.wasm"
done

#!/usr/bin/env bash
# Builds the Rust example handlers (one binary per handler in src/bin/) into WASI preview1 command
# modules with Debian's rustc 1.63 and its wasm32-wasi standard library, fully offline: crates come
# from Debian's registry directory (.cargo/config.toml replaces crates.io with it).
#
# Usage: rust/build.sh [OUT_DIR]     (default OUT_DIR: handlers-examples/target/wasm)
# Needs: apt rustc cargo libstd-rust-dev-wasm32 librust-serde-json-dev librust-serde-derive-dev.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-$here/../target/wasm}" && cd "${1:-$here/../target/wasm}" && pwd)
cd "$here"

# Debian's toolchain explicitly: a rustup toolchain earlier on PATH has no wasm32-wasi target.
export RUSTC=${RUSTC_WASM:-/usr/bin/rustc}
CARGO=${CARGO_WASM:-/usr/bin/cargo}
# Reproducible modules: no absolute build paths in panic locations, whatever the checkout directory.
export RUSTFLAGS="--remap-path-prefix=$here=/tasker/rust"
export CARGO_TARGET_DIR="$here/target"

"$CARGO" build --release --locked --bins --quiet
for src in src/bin/*.rs; do
  name=$(basename "$src" .rs)
  cp "target/wasm32-wasi/release/$name.wasm" "$out/$name.wasm"
  echo "rust: built $out/$name.wasm"
done

#!/usr/bin/env bash
# Installs every toolchain the example handlers need, on Debian (bookworm) as root (or with sudo):
# Rust (Debian's rustc + wasm32-wasi std + serde crates), C (clang, lld, wasi-libc) and
# AssemblyScript (node/npm + `npm ci` from the committed package-lock.json). CI runs this before
# the build. Idempotent: installed packages are left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=toolchains.sh
. "$here/toolchains.sh"

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
packages="$RUST_APT_PACKAGES $C_APT_PACKAGES"
# nodejs/npm may come from another repository (e.g. NodeSource's nodejs bundles npm): only install
# Debian's when node is missing.
if ! has_assemblyscript; then
  packages="$packages $AS_APT_PACKAGES"
fi
missing=()
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-toolchains: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
(cd "$here/assemblyscript" && npm ci --no-audit --no-fund --loglevel=error)
for language in $EXAMPLE_LANGUAGES; do
  if ! "has_$language"; then
    echo "install-toolchains: $language toolchain still missing after install" >&2
    exit 1
  fi
done
echo "install-toolchains: Rust, C and AssemblyScript toolchains ready"

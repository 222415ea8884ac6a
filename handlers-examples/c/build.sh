#!/usr/bin/env bash
# Builds the C example handlers into WASI preview1 command modules with clang + wasi-libc.
#
# Usage: c/build.sh [OUT_DIR]        (default OUT_DIR: handlers-examples/target/wasm)
# Needs: apt clang lld wasi-libc libclang-rt-14-dev-wasm32 (see ../install-toolchains.sh).
#
# JSON comes from cJSON, which is NOT kept in this repository: the first build downloads Debian's
# source package (apt-get source, from the deb-src twins of the machine's own apt sources, checked
# against Debian's signed Release files), applies Debian's patch series (its security fixes) and keeps
# the result in a cache directory (TASKER_DEPS_CACHE, default ~/.cache/tasker/deps). Later builds
# are offline.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-$here/../target/wasm}" && cd "${1:-$here/../target/wasm}" && pwd)
cache=${TASKER_DEPS_CACHE:-${XDG_CACHE_HOME:-${HOME:-$here/../target}/.cache}/tasker/deps}
# Pinned for reproducible modules: bump it (and re-run ../check-reproducible.sh) when Debian
# publishes a new revision.
CJSON_VERSION=${CJSON_VERSION:-1.7.15-1+deb12u4}
CC=${CC_WASM:-clang}

# Each handler: <handler name> <source files...>
HANDLERS=(
  "inventory_reserve src/inventory_reserve.c src/tasker.c"
  "math_square src/math_square.c src/decimal.c src/tasker.c"
  "dataset_partition src/dataset_partition.c src/tasker.c"
)

# Prints the directory holding cJSON.c/cJSON.h, downloading and patching them on first use.
fetch_cjson() {
  local dir="$cache/cjson-$CJSON_VERSION"
  if [[ -f "$dir/.complete" ]]; then
    echo "$dir"
    return
  fi
  local apt="$cache/apt-src"
  rm -rf "$apt" "$dir"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/download"
  # deb-src lines for every Debian repository the machine already uses for binary packages.
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' \
    | sort -u | sed 's/^/deb-src /' > "$apt/sources.list"
  if [[ ! -s "$apt/sources.list" ]]; then
    echo "c/build.sh: no apt repositories configured: cannot download the cJSON source package" >&2
    return 1
  fi
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1
              -o APT::Sandbox::User=root)
  echo "c/build.sh: downloading Debian source package cjson=$CJSON_VERSION into $cache" >&2
  apt-get "${opts[@]}" -qq update >&2
  if ! (cd "$apt/download" && apt-get "${opts[@]}" -qq source --download-only "cjson=$CJSON_VERSION" >&2); then
    echo "c/build.sh: Debian no longer serves cjson=$CJSON_VERSION; set CJSON_VERSION to the version" \
         "'apt-cache showsrc cjson' lists and rebuild (the committed modules will change)" >&2
    return 1
  fi
  local work="$apt/unpack"
  mkdir -p "$work"
  tar -xzf "$apt/download"/cjson_*.orig.tar.gz -C "$work"
  tar -xJf "$apt/download"/cjson_*.debian.tar.xz -C "$work"
  local src=("$work"/cJSON-*)
  if [[ -f "$work/debian/patches/series" ]]; then
    grep -v '^\s*#' "$work/debian/patches/series" | while read -r patch _; do
      [[ -n "$patch" ]] && patch -s -p1 -d "${src[0]}" < "$work/debian/patches/$patch"
    done
  fi
  mkdir -p "$dir"
  cp "${src[0]}/cJSON.c" "${src[0]}/cJSON.h" "${src[0]}/LICENSE" "$dir/"
  touch "$dir/.complete"
  rm -rf "$apt"
  echo "$dir"
}

cjson=$(fetch_cjson)
cd "$here"
# Fixed flags and no debug info: the same sources give byte-identical modules on any machine.
# -ffile-prefix-map keeps build paths out of the module; --strip-all drops the name and producers
# sections; -DNDEBUG removes assert() texts.
CFLAGS=(--target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -DNDEBUG
        -ffile-prefix-map="$here"=. -ffile-prefix-map="$cjson"=cjson -I src -I "$cjson")
LDFLAGS=(-Wl,--strip-all -Wl,-z,stack-size=262144)
for entry in "${HANDLERS[@]}"; do
  read -r name sources <<< "$entry"
  # shellcheck disable=SC2086 # sources is a word list
  "$CC" "${CFLAGS[@]}" $sources "$cjson/cJSON.c" "${LDFLAGS[@]}" -o "$out/$name.wasm"
  echo "c: built $out/$name.wasm"
done

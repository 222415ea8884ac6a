#!/usr/bin/env bash
# Rebuilds every example handler from source and checks that each committed module in wasm/
# (listed in wasm/handlers.txt) is byte-identical to its fresh build. Exits non-zero naming every
# module that differs, is missing, or is built but not listed. Languages whose toolchain is not
# installed are skipped with a message (use --require-all to make that an error too).
#
# Usage: ./check-reproducible.sh [--require-all] [--update]
#   --update  copy the fresh builds over the committed modules instead of failing (after a source
#             change; commit the result).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=toolchains.sh
. "$here/toolchains.sh"

require_all=""
update=false
for arg in "$@"; do
  case "$arg" in
    --require-all) require_all="--require-all" ;;
    --update) update=true ;;
    *) echo "usage: $0 [--require-all] [--update]" >&2; exit 2 ;;
  esac
done

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$here/build.sh" $require_all "$fresh"

failures=()
checked=0
listed=" "
while read -r name file language _; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  listed+="$file "
  if ! "has_$language"; then
    echo "check-reproducible: not checking $file ($language toolchain not installed)"
    continue
  fi
  if [[ ! -f "$fresh/$file" ]]; then
    failures+=("$file: listed as $language but the $language build did not produce it")
  elif [[ "$update" == true ]]; then
    install -m 0644 "$fresh/$file" "$here/wasm/$file"
  elif [[ ! -f "$here/wasm/$file" ]]; then
    failures+=("wasm/$file: missing (run ./check-reproducible.sh --update and commit it)")
  elif ! cmp -s "$fresh/$file" "$here/wasm/$file"; then
    failures+=("wasm/$file: differs from the build of its source (sha256 committed $(sha256sum < "$here/wasm/$file" | cut -c1-16)…, built $(sha256sum < "$fresh/$file" | cut -c1-16)…)")
  fi
  checked=$((checked + 1))
done < "$here/wasm/handlers.txt"
for built in "$fresh"/*.wasm; do
  [[ -e "$built" ]] || continue
  file=$(basename "$built")
  [[ "$listed" == *" $file "* ]] || failures+=("$file: built from source but not listed in wasm/handlers.txt")
done

if [[ ${#failures[@]} -gt 0 ]]; then
  printf 'check-reproducible: FAILED %s\n' "${failures[@]}" >&2
  exit 1
fi
if [[ "$update" == true ]]; then
  echo "check-reproducible: updated $checked committed module(s) from their source build"
else
  echo "check-reproducible: $checked committed module(s) match their source build"
fi

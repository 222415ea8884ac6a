#!/usr/bin/env bash
# Builds every example handler from source into OUT_DIR/<handler_name>.wasm
# (default OUT_DIR: handlers-examples/target/wasm), one language at a time.
#
# A language whose toolchain is not installed is skipped with a message naming the install command
# (./install-toolchains.sh installs them all); with --require-all a missing toolchain is an error.
# Usage: ./build.sh [--require-all] [OUT_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=toolchains.sh
. "$here/toolchains.sh"

require_all=false
if [[ "${1:-}" == "--require-all" ]]; then
  require_all=true
  shift
fi
out=$(mkdir -p "${1:-$here/target/wasm}" && cd "${1:-$here/target/wasm}" && pwd)

skipped=()
for language in $EXAMPLE_LANGUAGES; do
  if "has_$language"; then
    "$here/$language/build.sh" "$out"
  else
    echo "SKIPPED $language handlers: toolchain not installed. Install it with: $(install_hint "$language")" \
         "(or run handlers-examples/install-toolchains.sh)" >&2
    skipped+=("$language")
  fi
done
if [[ ${#skipped[@]} -gt 0 && "$require_all" == true ]]; then
  echo "build.sh: --require-all and no toolchain for: ${skipped[*]}" >&2
  exit 1
fi
echo "handlers-examples: modules in $out${skipped:+ (skipped: ${skipped[*]})}"

# Sourced by build.sh, install-toolchains.sh and check-reproducible.sh: one place that knows which
# toolchain each example language needs, how to detect it and how to install it.
# shellcheck shell=bash

# Debian packages per language (apt).
RUST_APT_PACKAGES="rustc cargo libstd-rust-dev-wasm32 librust-serde-json-dev librust-serde-derive-dev"
C_APT_PACKAGES="clang lld wasi-libc libclang-rt-14-dev-wasm32 patch xz-utils"
AS_APT_PACKAGES="nodejs npm"

# has_<language>: succeeds when that language's toolchain is installed.
has_rust() {
  [[ -x /usr/bin/rustc && -x /usr/bin/cargo && -d /usr/lib/rustlib/wasm32-wasi \
     && -d /usr/share/cargo/registry ]] && ls -d /usr/share/cargo/registry/serde_json-* >/dev/null 2>&1
}
has_c() {
  command -v clang >/dev/null && command -v wasm-ld >/dev/null && [[ -f /usr/include/wasm32-wasi/stdio.h ]] \
    && ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 \
    && command -v patch >/dev/null && command -v apt-get >/dev/null
}
has_assemblyscript() {
  command -v node >/dev/null && command -v npm >/dev/null
}

# install hint per language, printed when a toolchain is missing.
install_hint() {
  case "$1" in
    rust) echo "apt-get install -y $RUST_APT_PACKAGES" ;;
    c) echo "apt-get install -y $C_APT_PACKAGES" ;;
    assemblyscript) echo "apt-get install -y $AS_APT_PACKAGES && (cd assemblyscript && npm ci)" ;;
  esac
}

EXAMPLE_LANGUAGES="rust c assemblyscript"

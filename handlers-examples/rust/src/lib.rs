//! Shared code for Tasker's Rust example handlers: the handler contract (stdin/stdout JSON),
//! exact money amounts and arbitrary-precision integers. Each handler is a binary in `src/bin/`
//! and builds to its own WASI command module (`<handler_name>.wasm`).

pub mod bigint;
pub mod contract;
pub mod money;

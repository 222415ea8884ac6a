;; Writes a valid failure step result to stdout, then exits with code 1 (as many CLIs do on error):
;; the host keeps the handler's own result.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "{\"success\":false,\"error\":{\"message\":\"upstream refused the order\",\"error_type\":\"upstream_error\",\"retryable\":true,\"retry_after_ms\":2500},\"metadata\":{\"attempted\":\"charge\"}}")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 169))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (call $proc_exit (i32.const 1))))

;; Test step handler (WASI preview1 command) that needs 33 pages (2 MiB + 64 KiB) of linear memory: it declares
;; 1 initial page, grows the memory by 32 pages and succeeds with {"grown_pages": 32}. When the host refuses the
;; growth (memory.grow returns -1) it traps, which the host reports as memory_limit_exceeded.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "{\"success\":true,\"result\":{\"grown_pages\":32}}")
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 32)) (i32.const -1)) (then (unreachable)))
    ;; touch the last grown page so the memory is really used
    (i32.store8 (i32.const 2162687) (i32.const 1))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 44))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))

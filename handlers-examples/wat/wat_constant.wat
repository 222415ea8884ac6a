;; wat_constant: the smallest useful Tasker handler. Ignores its invocation and succeeds with
;;   {"success":true,"result":{"value":"42"},"metadata":{}}
;; (a stand-in step for wiring tests: templates, deployment, the executor path).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"success\":true,\"result\":{\"value\":\"42\"},\"metadata\":{}}")
  (func (export "_start")
    ;; iovec at 0: {base 16, len 54}; bytes written at 8.
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 54))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))

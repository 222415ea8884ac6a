;; Benchmark step handler: the cheapest handler that honours the contract (DESIGN §2).
;; Reads the whole step invocation from stdin (fd_read until end of input, discarding it) and writes
;;   {"success":true,"result":{}}
;; to stdout (fd_write). Orchestrator benchmarks use it so that what they measure is orchestration, not handler work.
;; Memory: 0..8 iovec, 16..20 byte count, 64.. result text, 1024..66560 stdin scratch buffer.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 64) "{\22success\22:true,\22result\22:{}}")

  (func (export "_start")
    ;; drain stdin: fd_read into the scratch buffer until it returns 0 bytes or an error
    (block $done
      (loop $more
        (i32.store (i32.const 0) (i32.const 1024))
        (i32.store (i32.const 4) (i32.const 65536))
        (br_if $done (i32.ne (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)) (i32.const 0)))
        (br_if $done (i32.eqz (i32.load (i32.const 16))))
        (br $more)))
    ;; write the 28-byte result
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 28))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))

;; wat_echo: a minimal hand-written Tasker handler (WASI preview1 command, no language runtime).
;; Reads the whole step invocation from stdin and answers
;;   {"success":true,"result":<the invocation>,"metadata":{}}
;; so its result shows exactly what the host sent. Linear memory grows one 64 KiB page at a time
;; while the input does not fit.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"success\":true,\"result\":")
  (data (i32.const 32) ",\"metadata\":{}}")
  ;; 64: iovec {base, len}; 72: bytes transferred; input starts at 1024.
  (global $input i32 (i32.const 1024))

  ;; Writes bytes [ptr, ptr+len) to stdout, looping over partial writes.
  (func $write_all (param $ptr i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 64) (local.get $ptr))
        (i32.store (i32.const 68) (local.get $len))
        (br_if $done (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 72))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 72))))
        (br $more))))

  (func (export "_start")
    (local $used i32)
    (local $capacity i32)
    (block $eof
      (loop $more
        (local.set $capacity
          (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.add (global.get $input) (local.get $used))))
        (if (i32.eqz (local.get $capacity))
          (then
            (drop (memory.grow (i32.const 1)))
            (br $more)))
        (i32.store (i32.const 64) (i32.add (global.get $input) (local.get $used)))
        (i32.store (i32.const 68) (local.get $capacity))
        (br_if $eof (call $fd_read (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 72)))
        (br_if $eof (i32.eqz (i32.load (i32.const 72))))
        (local.set $used (i32.add (local.get $used) (i32.load (i32.const 72))))
        (br $more)))
    (call $write_all (i32.const 0) (i32.const 25))
    (call $write_all (global.get $input) (local.get $used))
    (call $write_all (i32.const 32) (i32.const 15))))

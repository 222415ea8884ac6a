;; A real step handler written in WAT: reads the whole step invocation from stdin (fd_read),
;; looks for the first "n": key (e.g. in task.context), and writes a step result to stdout (fd_write):
;;   {"success":true,"result":{"n_plus_one":<n+1>,"input_bytes":<stdin length>,"input":<stdin echoed>},
;;    "metadata":{...forged host-owned keys the host must overwrite..., "handler":"echo"}}
;; or, without "n":, a handler-declared failure (validation_error, not retryable).
;; It also writes one line to stderr.
;; Memory: 0..8 iovec, 16..20 byte count, 32..64 digit scratch, 256.. strings, 4096.. stdin buffer.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $in i32 (i32.const 4096))
  (global $in_cap i32 (i32.const 126976))
  (data (i32.const 256) "{\22success\22:true,\22result\22:{\22n_plus_one\22:")
  (data (i32.const 303) ",\22input_bytes\22:")
  (data (i32.const 326) ",\22input\22:")
  (data (i32.const 343) "},\22metadata\22:{\22execution_time_ms\22:-1,\22execution_mode\22:\22forged\22,\22module_digest\22:\22forged\22,\22stderr\22:\22forged\22,\22handler\22:\22echo\22}}")
  (data (i32.const 475) "{\22success\22:false,\22error\22:{\22message\22:\22field 'n' is missing from the task context\22,\22error_type\22:\22validation_error\22,\22retryable\22:false,\22error_code\22:\22E_NO_N\22},\22metadata\22:{\22handler\22:\22echo\22}}")
  (data (i32.const 667) "echo handler: read the invocation\0a")

  ;; writes memory[ptr, ptr+len) to file descriptor fd
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 16))))

  ;; writes an unsigned 64-bit integer in decimal to stdout
  (func $write_u64 (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 64))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (call $write (i32.const 1) (local.get $p) (i32.sub (i32.const 64) (local.get $p))))

  ;; reads stdin to the end (or until the buffer is full); returns the byte count
  (func $read_all (result i32)
    (local $len i32) (local $n i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $len) (global.get $in_cap)))
        (i32.store (i32.const 0) (i32.add (global.get $in) (local.get $len)))
        (i32.store (i32.const 4) (i32.sub (global.get $in_cap) (local.get $len)))
        (br_if $done (i32.ne (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)) (i32.const 0)))
        (local.set $n (i32.load (i32.const 16)))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $len (i32.add (local.get $len) (local.get $n)))
        (br $more)))
    (local.get $len))

  ;; returns the address just after the first '"n":' in the input, or -1
  (func $find_n (param $len i32) (result i32)
    (local $i i32)
    (block $not_found
      (loop $scan
        (br_if $not_found (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $len)))
        (if (i32.eq (i32.load (i32.add (global.get $in) (local.get $i))) (i32.const 0x3a226e22))
          (then (return (i32.add (global.get $in) (i32.add (local.get $i) (i32.const 4))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (i32.const -1))

  ;; parses an unsigned decimal integer at p (after optional spaces), stopping at end
  (func $parse_u64 (param $p i32) (param $end i32) (result i64)
    (local $v i64) (local $c i32)
    (block $spaces_done
      (loop $spaces
        (br_if $spaces_done (i32.ge_u (local.get $p) (local.get $end)))
        (br_if $spaces_done (i32.ne (i32.load8_u (local.get $p)) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $spaces)))
    (block $digits_done
      (loop $digits
        (br_if $digits_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $digits_done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (local.get $v))

  (func (export "_start")
    (local $len i32) (local $at i32)
    (local.set $len (call $read_all))
    (call $write (i32.const 2) (i32.const 667) (i32.const 34))
    (local.set $at (call $find_n (local.get $len)))
    (if (i32.lt_s (local.get $at) (i32.const 0))
      (then
        (call $write (i32.const 1) (i32.const 475) (i32.const 184))
        (return)))
    (call $write (i32.const 1) (i32.const 256) (i32.const 39))
    (call $write_u64
      (i64.add (call $parse_u64 (local.get $at) (i32.add (global.get $in) (local.get $len))) (i64.const 1)))
    (call $write (i32.const 1) (i32.const 303) (i32.const 15))
    (call $write_u64 (i64.extend_i32_u (local.get $len)))
    (call $write (i32.const 1) (i32.const 326) (i32.const 9))
    (call $write (i32.const 1) (global.get $in) (local.get $len))
    (call $write (i32.const 1) (i32.const 343) (i32.const 124))))

;; Tasker example step handler: a WASI preview1 command (contract v1, DESIGN §2).
;;
;; Reads the step invocation JSON from stdin and looks for `"mode":"<mode>"` anywhere in it
;; (the test invocations put it in `config`):
;;   - "fail": writes a failure result (error_type "example_failure", not retryable)
;;   - "loop": never returns (exercises the host's timeout)
;;   - "trap": executes `unreachable` (exercises the host's trap handling)
;;   - anything else (or no mode): writes a success result whose `result.echo` is the first
;;     `"message":"<text>"` string value of the invocation (empty when there is none).
;; Every run writes one line to stderr. The search is byte-based (no JSON parser): it matches the
;; compact JSON Jackson writes, which is what the Lambda function and the tests send.
;;
;; Memory layout (4 pages of 64 KiB): 0-15 iovec scratch, 16-511 constants,
;; 65536-131071 stdin buffer, 131072-262143 stdout buffer (room for the longest echo).
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 4)

  (data (i32.const 16) "\"mode\":\"")
  (data (i32.const 32) "\"message\":\"")
  (data (i32.const 48) "fail")
  (data (i32.const 52) "loop")
  (data (i32.const 56) "trap")
  (data (i32.const 64) "{\"success\":true,\"result\":{\"echo\":\"")
  (data (i32.const 128) "\"},\"metadata\":{\"handler\":\"tasker-example\"}}")
  (data (i32.const 192) "{\"success\":false,\"error\":{\"message\":\"the step asked to fail\",\"error_type\":\"example_failure\",\"retryable\":false,\"error_code\":\"EXAMPLE_FAILURE\"},\"metadata\":{\"handler\":\"tasker-example\"}}")
  (data (i32.const 400) "tasker example handler ran\n")

  (global $in i32 (i32.const 65536))
  (global $in_cap i32 (i32.const 65536))
  (global $out i32 (i32.const 131072))

  ;; Reads stdin into the input buffer until end of input or the buffer is full; returns the length.
  (func $read_stdin (result i32)
    (local $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $len) (global.get $in_cap)))
        (i32.store (i32.const 0) (i32.add (global.get $in) (local.get $len)))
        (i32.store (i32.const 4) (i32.sub (global.get $in_cap) (local.get $len)))
        (br_if $done (i32.ne (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))
                             (i32.const 0)))
        (br_if $done (i32.eqz (i32.load (i32.const 8))))
        (local.set $len (i32.add (local.get $len) (i32.load (i32.const 8))))
        (br $more)))
    (local.get $len))

  ;; Writes len bytes at ptr to fd, looping over short writes.
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (br_if $done (i32.ne (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))
                             (i32.const 0)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  ;; 1 when the n bytes at a equal the n bytes at b.
  (func $equal (param $a i32) (param $b i32) (param $n i32) (result i32)
    (block $differ
      (loop $next
        (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
        (br_if $differ (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; Address just after the first occurrence of the needle in [start, end), or 0 when absent.
  (func $after (param $start i32) (param $end i32) (param $needle i32) (param $n i32) (result i32)
    (block $absent
      (loop $next
        (br_if $absent (i32.gt_u (i32.add (local.get $start) (local.get $n)) (local.get $end)))
        (if (call $equal (local.get $start) (local.get $needle) (local.get $n))
          (then (return (i32.add (local.get $start) (local.get $n)))))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; 1 when the 4-byte mode word at p (bounded by end) equals the 4-byte literal at lit.
  (func $mode_is (param $p i32) (param $end i32) (param $lit i32) (result i32)
    (if (result i32) (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $end))
      (then (i32.const 0))
      (else (call $equal (local.get $p) (local.get $lit) (i32.const 4)))))

  ;; Writes the success result echoing the message string that starts at p (0 = no message).
  (func $echo (param $p i32) (param $end i32)
    (local $o i32)
    (memory.copy (global.get $out) (i32.const 64) (i32.const 34))
    (local.set $o (i32.add (global.get $out) (i32.const 34)))
    (if (local.get $p)
      (then
        (block $closed
          (loop $copy
            (br_if $closed (i32.ge_u (local.get $p) (local.get $end)))
            (br_if $closed (i32.eq (i32.load8_u (local.get $p)) (i32.const 34)))
            (i32.store8 (local.get $o) (i32.load8_u (local.get $p)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $copy)))))
    (memory.copy (local.get $o) (i32.const 128) (i32.const 43))
    (local.set $o (i32.add (local.get $o) (i32.const 43)))
    (call $write (i32.const 1) (global.get $out) (i32.sub (local.get $o) (global.get $out))))

  (func (export "_start")
    (local $end i32)
    (local $mode i32)
    (local.set $end (i32.add (global.get $in) (call $read_stdin)))
    (call $write (i32.const 2) (i32.const 400) (i32.const 27))
    (local.set $mode (call $after (global.get $in) (local.get $end) (i32.const 16) (i32.const 8)))
    (if (local.get $mode)
      (then
        (if (call $mode_is (local.get $mode) (local.get $end) (i32.const 48))
          (then
            (call $write (i32.const 1) (i32.const 192) (i32.const 182))
            (return)))
        (if (call $mode_is (local.get $mode) (local.get $end) (i32.const 52))
          (then (loop $forever (br $forever))))
        (if (call $mode_is (local.get $mode) (local.get $end) (i32.const 56))
          (then unreachable))))
    (call $echo
      (call $after (global.get $in) (local.get $end) (i32.const 32) (i32.const 11))
      (local.get $end)))
)

;; A compute-heavy step handler for benchmarks (and tested for correctness): reads the step
;; invocation from stdin, tokenizes the whole JSON document and writes aggregate counts to stdout:
;;   {"success":true,"result":{"bytes":B,"objects":O,"arrays":A,"strings":S,"numbers":N,"sum":SUM},
;;    "metadata":{"handler":"aggregate"}}
;; strings counts object keys and string values; sum adds the integer part of every number (truncated
;; toward zero). Memory: 0..8 iovec, 16..20 byte count, 32..64 digit scratch, 256.. strings,
;; 4096.. stdin buffer.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $in i32 (i32.const 4096))
  (global $in_cap i32 (i32.const 126976))
  (data (i32.const 256) "{\22success\22:true,\22result\22:{\22bytes\22:")
  (data (i32.const 298) ",\22objects\22:")
  (data (i32.const 317) ",\22arrays\22:")
  (data (i32.const 335) ",\22strings\22:")
  (data (i32.const 354) ",\22numbers\22:")
  (data (i32.const 373) ",\22sum\22:")
  (data (i32.const 388) "},\22metadata\22:{\22handler\22:\22aggregate\22}}")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))

  ;; writes a signed 64-bit integer in decimal to stdout
  (func $write_i64 (param $v i64)
    (local $p i32) (local $neg i32)
    (local.set $neg (i64.lt_s (local.get $v) (i64.const 0)))
    (if (local.get $neg) (then (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (local.set $p (i32.const 64))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (if (local.get $neg)
      (then
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.const 45))))
    (call $write (local.get $p) (i32.sub (i32.const 64) (local.get $p))))

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

  (func (export "_start")
    (local $len i32) (local $i i32) (local $end i32) (local $c i32)
    (local $objects i64) (local $arrays i64) (local $strings i64) (local $numbers i64)
    (local $sum i64) (local $v i64) (local $neg i32)
    (local.set $len (call $read_all))
    (local.set $i (global.get $in))
    (local.set $end (i32.add (global.get $in) (local.get $len)))
    (block $eof
      (loop $token
        (br_if $eof (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (block $next
          ;; string: skip to the closing quote, honouring backslash escapes
          (if (i32.eq (local.get $c) (i32.const 34))
            (then
              (local.set $strings (i64.add (local.get $strings) (i64.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (block $closed
                (loop $chars
                  (br_if $closed (i32.ge_u (local.get $i) (local.get $end)))
                  (local.set $c (i32.load8_u (local.get $i)))
                  (if (i32.eq (local.get $c) (i32.const 92))
                    (then
                      (local.set $i (i32.add (local.get $i) (i32.const 2)))
                      (br $chars)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $closed (i32.eq (local.get $c) (i32.const 34)))
                  (br $chars)))
              (br $next)))
          ;; number: optional minus, integer digits, then fraction/exponent characters
          (if (i32.or (i32.eq (local.get $c) (i32.const 45))
                      (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
            (then
              (local.set $numbers (i64.add (local.get $numbers) (i64.const 1)))
              (local.set $neg (i32.eq (local.get $c) (i32.const 45)))
              (if (local.get $neg) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
              (local.set $v (i64.const 0))
              (block $int_done
                (loop $int
                  (br_if $int_done (i32.ge_u (local.get $i) (local.get $end)))
                  (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
                  (br_if $int_done (i32.gt_u (local.get $c) (i32.const 9)))
                  (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $int)))
              (block $rest_done
                (loop $rest
                  (br_if $rest_done (i32.ge_u (local.get $i) (local.get $end)))
                  (local.set $c (i32.load8_u (local.get $i)))
                  (br_if $rest_done
                    (i32.eqz
                      (i32.or
                        (i32.or (i32.eq (local.get $c) (i32.const 46))
                                (i32.eq (i32.or (local.get $c) (i32.const 32)) (i32.const 101)))
                        (i32.or (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))
                                (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $rest)))
              (local.set $sum
                (if (result i64) (local.get $neg)
                  (then (i64.sub (local.get $sum) (local.get $v)))
                  (else (i64.add (local.get $sum) (local.get $v)))))
              (br $next)))
          (if (i32.eq (local.get $c) (i32.const 123))
            (then (local.set $objects (i64.add (local.get $objects) (i64.const 1)))))
          (if (i32.eq (local.get $c) (i32.const 91))
            (then (local.set $arrays (i64.add (local.get $arrays) (i64.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1))))
        (br $token)))
    (call $write (i32.const 256) (i32.const 34))
    (call $write_i64 (i64.extend_i32_u (local.get $len)))
    (call $write (i32.const 298) (i32.const 11))
    (call $write_i64 (local.get $objects))
    (call $write (i32.const 317) (i32.const 10))
    (call $write_i64 (local.get $arrays))
    (call $write (i32.const 335) (i32.const 11))
    (call $write_i64 (local.get $strings))
    (call $write (i32.const 354) (i32.const 11))
    (call $write_i64 (local.get $numbers))
    (call $write (i32.const 373) (i32.const 7))
    (call $write_i64 (local.get $sum))
    (call $write (i32.const 388) (i32.const 37))))

;; Test step handler for the orchestrator's tests (WASI preview1 command, Tasker handler contract v1).
;; Reads the step invocation JSON from stdin; behaviour is chosen by keys of the step's "config"
;; (handler.initialization in the template), scanned as text in the compact JSON Jackson writes:
;;   "spin": <any>              loop forever (the host's timeout must stop it)
;;   "fail_permanently": <any>  fail with retryable=false, error_type test_permanent
;;   "fail_until_attempt": N    fail with retryable=true (error_type test_transient) while step.attempt < N;
;;                              with "retry_after_ms": R the failure asks for an R ms delay before the retry
;; otherwise succeed with
;;   result {"value": V, "attempt": A} and one domain event value_computed {"value": V}, where
;;   V = context.seed + config.add + step.inputs.cursor.end_cursor + the sum of every "value" in
;;   dependency_results (the results of all completed ancestor steps), and A = step.attempt;
;; and, beside the result (DESIGN §4):
;;   "decide": <any>            decision_point_outcome: create_steps with the config's "branches" array
;;                              (copied verbatim), or no_branches when the config has no "branches"
;;   "batches": N               batch_processing_outcome: no_batches for N = 0, else create_batches for the
;;                              config's "worker" template with N cursors of "batch_size" items each
;;                              (batch_id "001".."N", cursor i covering [(i-1)*size, i*size))
;; Integers only; missing keys count as 0. Config keys must not appear in the context.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  ;; 0..16 iovec and byte count; 64.. constants; 1900..1940 number scratch;
  ;; 4096..98304 stdin; 100000..131072 stdout.
  (data (i32.const 64) "\"step\":") ;; STEP, 7 bytes
  (data (i32.const 75) "\"attempt\":") ;; ATTEMPT, 10 bytes
  (data (i32.const 89) "\"config\":") ;; CONFIG, 9 bytes
  (data (i32.const 102) "\"spin\":") ;; SPIN, 7 bytes
  (data (i32.const 113) "\"fail_permanently\":") ;; FAIL_PERM, 19 bytes
  (data (i32.const 136) "\"fail_until_attempt\":") ;; FAIL_UNTIL, 21 bytes
  (data (i32.const 161) "\"retry_after_ms\":") ;; RETRY_AFTER, 17 bytes
  (data (i32.const 182) "\"context\":") ;; CONTEXT, 10 bytes
  (data (i32.const 196) "\"seed\":") ;; SEED, 7 bytes
  (data (i32.const 207) "\"add\":") ;; ADD, 6 bytes
  (data (i32.const 217) "\"dependency_results\":") ;; DEPS, 21 bytes
  (data (i32.const 242) "\"value\":") ;; VALUE, 8 bytes
  (data (i32.const 254) "\"end_cursor\":") ;; END_CURSOR, 13 bytes
  (data (i32.const 271) "\"decide\":") ;; DECIDE, 9 bytes
  (data (i32.const 284) "\"branches\":") ;; BRANCHES, 11 bytes
  (data (i32.const 299) "\"batches\":") ;; BATCHES, 10 bytes
  (data (i32.const 313) "\"worker\":\"") ;; WORKER, 10 bytes
  (data (i32.const 327) "\"batch_size\":") ;; BATCH_SIZE, 13 bytes
  (data (i32.const 344) "{\"success\":false,\"error\":{\"message\":\"permanent failure requested by config\",\"error_type\":\"test_permanent\",\"retryable\":false}}") ;; PERM_MSG, 125 bytes
  (data (i32.const 473) "{\"success\":false,\"error\":{\"message\":\"transient failure on attempt ") ;; TRANS_A, 66 bytes
  (data (i32.const 543) "\",\"error_type\":\"test_transient\",\"retryable\":true") ;; TRANS_B, 48 bytes
  (data (i32.const 595) ",\"retry_after_ms\":") ;; TRANS_RETRY, 18 bytes
  (data (i32.const 617) "}}") ;; CLOSE2, 2 bytes
  (data (i32.const 623) "{\"success\":true,\"result\":{\"value\":") ;; OK_A, 34 bytes
  (data (i32.const 661) ",\"attempt\":") ;; OK_B, 11 bytes
  (data (i32.const 676) "},\"events\":[{\"name\":\"value_computed\",\"payload\":{\"value\":") ;; OK_C, 56 bytes
  (data (i32.const 736) "}}]") ;; OK_D, 3 bytes
  (data (i32.const 743) "}") ;; CLOSE1, 1 bytes
  (data (i32.const 748) ",") ;; COMMA, 1 bytes
  (data (i32.const 753) "\"") ;; QUOTE, 1 bytes
  (data (i32.const 758) ",\"decision_point_outcome\":{\"type\":\"no_branches\"}") ;; NO_BRANCHES, 48 bytes
  (data (i32.const 810) ",\"decision_point_outcome\":{\"type\":\"create_steps\",\"step_names\":") ;; CREATE_STEPS, 62 bytes
  (data (i32.const 876) ",\"batch_processing_outcome\":{\"type\":\"no_batches\"}") ;; NO_BATCHES, 49 bytes
  (data (i32.const 929) ",\"batch_processing_outcome\":{\"type\":\"create_batches\",\"worker_template_name\":\"") ;; BATCH_A, 77 bytes
  (data (i32.const 1010) ",\"worker_count\":") ;; BATCH_B, 16 bytes
  (data (i32.const 1031) ",\"cursor_configs\":[") ;; BATCH_C, 19 bytes
  (data (i32.const 1054) "{\"batch_id\":\"") ;; CURSOR_A, 13 bytes
  (data (i32.const 1070) ",\"start_cursor\":") ;; CURSOR_B, 16 bytes
  (data (i32.const 1090) ",\"end_cursor\":") ;; CURSOR_C, 14 bytes
  (data (i32.const 1108) ",\"batch_size\":") ;; CURSOR_D, 14 bytes
  (data (i32.const 1126) "],\"total_items\":") ;; BATCH_D, 16 bytes
  (global $in_len (mut i32) (i32.const 0))
  (global $out_len (mut i32) (i32.const 0))

  (func $read_all
    (local $n i32)
    (loop $more
      (i32.store (i32.const 0) (i32.add (i32.const 4096) (global.get $in_len)))
      (i32.store (i32.const 4) (i32.sub (i32.const 94208) (global.get $in_len)))
      (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then (unreachable)))
      (local.set $n (i32.load (i32.const 8)))
      (global.set $in_len (i32.add (global.get $in_len) (local.get $n)))
      (br_if $more (i32.and (i32.gt_u (local.get $n) (i32.const 0))
                            (i32.lt_u (global.get $in_len) (i32.const 94208))))))

  ;; position of the first occurrence of pattern at or after $from in the input, or -1
  (func $find (param $pat i32) (param $plen i32) (param $from i32) (result i32)
    (local $p i32) (local $i i32) (local $end i32)
    (if (i32.lt_s (local.get $from) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $end (i32.sub (i32.add (i32.const 4096) (global.get $in_len)) (local.get $plen)))
    (local.set $p (local.get $from))
    (block $none
      (loop $scan
        (br_if $none (i32.gt_s (local.get $p) (local.get $end)))
        (local.set $i (i32.const 0))
        (block $mismatch
          (loop $cmp
            (if (i32.ge_u (local.get $i) (local.get $plen)) (then (return (local.get $p))))
            (br_if $mismatch (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                                     (i32.load8_u (i32.add (local.get $pat) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $cmp)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $scan)))
    (i32.const -1))

  ;; the integer right after the pattern found at or after $from, or 0 when the pattern is absent
  (func $int_after (param $pat i32) (param $plen i32) (param $from i32) (result i64)
    (local $p i32) (local $v i64) (local $c i32) (local $neg i32)
    (local.set $p (call $find (local.get $pat) (local.get $plen) (local.get $from)))
    (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (i64.const 0))))
    (local.set $p (i32.add (local.get $p) (local.get $plen)))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
      (then (local.set $neg (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (block $done
      (loop $digits
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $done (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57))))
        (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (if (result i64) (local.get $neg) (then (i64.sub (i64.const 0) (local.get $v))) (else (local.get $v))))

  ;; sum of the integers after every occurrence of the pattern at or after $from
  (func $sum_after (param $pat i32) (param $plen i32) (param $from i32) (result i64)
    (local $p i32) (local $sum i64)
    (local.set $p (call $find (local.get $pat) (local.get $plen) (local.get $from)))
    (block $done
      (loop $each
        (br_if $done (i32.lt_s (local.get $p) (i32.const 0)))
        (local.set $sum (i64.add (local.get $sum) (call $int_after (local.get $pat) (local.get $plen) (local.get $p))))
        (local.set $p (call $find (local.get $pat) (local.get $plen) (i32.add (local.get $p) (i32.const 1))))
        (br $each)))
    (local.get $sum))

  (func $emit (param $ptr i32) (param $len i32)
    (local $i i32)
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (i32.add (i32.const 100000) (global.get $out_len)) (local.get $i))
                    (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (global.set $out_len (i32.add (global.get $out_len) (local.get $len))))

  ;; copies input bytes from $from up to and including the first byte equal to $stop
  (func $emit_until (param $from i32) (param $stop i32)
    (local $p i32)
    (local.set $p (local.get $from))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $p) (i32.add (i32.const 4096) (global.get $in_len))))
        (br_if $done (i32.eq (i32.load8_u (local.get $p)) (local.get $stop)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $scan)))
    (call $emit (local.get $from) (i32.add (i32.sub (local.get $p) (local.get $from)) (i32.const 1))))

  (func $emit_num (param $v i64)
    (local $i i32) (local $neg i32)
    (if (i64.lt_s (local.get $v) (i64.const 0))
      (then (local.set $neg (i32.const 1)) (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (local.set $i (i32.const 1940))
    (loop $digit
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (local.get $i) (i32.wrap_i64 (i64.add (i64.const 48) (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (if (local.get $neg)
      (then (local.set $i (i32.sub (local.get $i) (i32.const 1))) (i32.store8 (local.get $i) (i32.const 45))))
    (call $emit (local.get $i) (i32.sub (i32.const 1940) (local.get $i))))

  (func $flush
    (i32.store (i32.const 0) (i32.const 100000))
    (i32.store (i32.const 4) (global.get $out_len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; decision_point_outcome for a config with "decide"
  (func $decision (param $config i32)
    (local $branches i32)
    (local.set $branches (call $find (i32.const 284) (i32.const 11) (local.get $config)))
    (if (i32.lt_s (local.get $branches) (i32.const 0))
      (then (call $emit (i32.const 758) (i32.const 48)) (return)))
    (call $emit (i32.const 810) (i32.const 62))
    (call $emit_until (i32.add (local.get $branches) (i32.const 11)) (i32.const 93))
    (call $emit (i32.const 743) (i32.const 1)))

  ;; batch_processing_outcome for a config with "batches"
  (func $batches (param $config i32)
    (local $n i64) (local $size i64) (local $i i64)
    (local.set $n (call $int_after (i32.const 299) (i32.const 10) (local.get $config)))
    (if (i64.eqz (local.get $n)) (then (call $emit (i32.const 876) (i32.const 49)) (return)))
    (local.set $size (call $int_after (i32.const 327) (i32.const 13) (local.get $config)))
    (call $emit (i32.const 929) (i32.const 77))
    (call $emit_until (i32.add (call $find (i32.const 313) (i32.const 10) (local.get $config)) (i32.const 10)) (i32.const 34))
    (call $emit (i32.const 1010) (i32.const 16))
    (call $emit_num (local.get $n))
    (call $emit (i32.const 1031) (i32.const 19))
    (local.set $i (i64.const 1))
    (loop $cursor
      (call $emit (i32.const 1054) (i32.const 13))
      (if (i64.lt_u (local.get $i) (i64.const 100)) (then (call $emit_num (i64.const 0))))
      (if (i64.lt_u (local.get $i) (i64.const 10)) (then (call $emit_num (i64.const 0))))
      (call $emit_num (local.get $i))
      (call $emit (i32.const 753) (i32.const 1))
      (call $emit (i32.const 1070) (i32.const 16))
      (call $emit_num (i64.mul (i64.sub (local.get $i) (i64.const 1)) (local.get $size)))
      (call $emit (i32.const 1090) (i32.const 14))
      (call $emit_num (i64.mul (local.get $i) (local.get $size)))
      (call $emit (i32.const 1108) (i32.const 14))
      (call $emit_num (local.get $size))
      (call $emit (i32.const 743) (i32.const 1))
      (if (i64.lt_s (local.get $i) (local.get $n)) (then (call $emit (i32.const 748) (i32.const 1))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $cursor (i64.le_s (local.get $i) (local.get $n))))
    (call $emit (i32.const 1126) (i32.const 16))
    (call $emit_num (i64.mul (local.get $n) (local.get $size)))
    (call $emit (i32.const 743) (i32.const 1)))

  (func (export "_start")
    (local $step i32) (local $config i32) (local $attempt i64) (local $value i64)
    (call $read_all)
    (local.set $step (call $find (i32.const 64) (i32.const 7) (i32.const 4096)))
    (local.set $config (call $find (i32.const 89) (i32.const 9) (local.get $step)))
    (local.set $attempt (call $int_after (i32.const 75) (i32.const 10) (local.get $step)))
    (if (i32.ge_s (call $find (i32.const 102) (i32.const 7) (local.get $config)) (i32.const 0))
      (then (loop $forever (br $forever))))
    (if (i32.ge_s (call $find (i32.const 113) (i32.const 19) (local.get $config)) (i32.const 0))
      (then (call $emit (i32.const 344) (i32.const 125)) (call $flush) (return)))
    (if (i64.lt_s (local.get $attempt) (call $int_after (i32.const 136) (i32.const 21) (local.get $config)))
      (then
        (call $emit (i32.const 473) (i32.const 66))
        (call $emit_num (local.get $attempt))
        (call $emit (i32.const 543) (i32.const 48))
        (if (i32.ge_s (call $find (i32.const 161) (i32.const 17) (local.get $config)) (i32.const 0))
          (then
            (call $emit (i32.const 595) (i32.const 18))
            (call $emit_num (call $int_after (i32.const 161) (i32.const 17) (local.get $config)))))
        (call $emit (i32.const 617) (i32.const 2))
        (call $flush)
        (return)))
    (local.set $value
      (i64.add
        (i64.add (call $int_after (i32.const 196) (i32.const 7) (call $find (i32.const 182) (i32.const 10) (i32.const 4096)))
                 (call $int_after (i32.const 207) (i32.const 6) (local.get $config)))
        (i64.add (call $sum_after (i32.const 242) (i32.const 8) (call $find (i32.const 217) (i32.const 21) (local.get $config)))
                 (call $int_after (i32.const 254) (i32.const 13) (local.get $step)))))
    (call $emit (i32.const 623) (i32.const 34))
    (call $emit_num (local.get $value))
    (call $emit (i32.const 661) (i32.const 11))
    (call $emit_num (local.get $attempt))
    (call $emit (i32.const 676) (i32.const 56))
    (call $emit_num (local.get $value))
    (call $emit (i32.const 736) (i32.const 3))
    (if (i32.ge_s (call $find (i32.const 271) (i32.const 9) (local.get $config)) (i32.const 0))
      (then (call $decision (local.get $config))))
    (if (i32.ge_s (call $find (i32.const 299) (i32.const 10) (local.get $config)) (i32.const 0))
      (then (call $batches (local.get $config))))
    (call $emit (i32.const 743) (i32.const 1))
    (call $flush))
)

;; A valid command whose helper returns the constant 7; tests patch "i32.const 7" (41 07) into
;; two nops to produce a module that decodes but fails validation (type mismatch).
(module
  (memory (export "memory") 1)
  (func $seven (result i32) i32.const 7)
  (func (export "_start") (drop (call $seven))))

;; Exports '_start' as a global instead of a function.
(module
  (memory (export "memory") 1)
  (global (export "_start") i32 (i32.const 0)))

;; Exports '_start' with a parameter: not callable as a WASI command entry point.
(module
  (memory (export "memory") 1)
  (func (export "_start") (param i32)))

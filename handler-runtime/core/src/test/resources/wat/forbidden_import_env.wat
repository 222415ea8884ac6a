;; Imports a function from a module other than wasi_snapshot_preview1.
(module
  (import "env" "host_log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "_start")))

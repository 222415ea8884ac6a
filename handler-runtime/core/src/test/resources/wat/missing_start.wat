;; Exports memory but no _start (a reactor, not a command).
(module
  (memory (export "memory") 1)
  (func (export "run")))

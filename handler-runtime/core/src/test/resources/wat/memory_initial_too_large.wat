;; Declares 300 initial pages (18.75 MiB), above the default cap of 256.
(module
  (memory (export "memory") 300)
  (func (export "_start")))

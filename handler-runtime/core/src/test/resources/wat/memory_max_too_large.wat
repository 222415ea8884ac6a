;; Declares 1 initial page but a maximum of 1000 pages, above the default cap of 256.
(module
  (memory (export "memory") 1 1000)
  (func (export "_start")))

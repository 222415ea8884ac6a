;; Grows linear memory one page at a time until memory.grow fails, then aborts like an allocator
;; that cannot satisfy a request (unreachable).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $grow
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
        (then unreachable))
      (br $grow))))

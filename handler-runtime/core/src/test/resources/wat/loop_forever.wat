;; Spins forever without calling the host: only the wall-clock timeout can stop it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $spin (br $spin))))

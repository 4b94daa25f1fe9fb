;; cgi-limit-deadline: a program that runs past its deadline
;;
;; The guest is a WASI command (it exports _start and no handle) whose _start
;; never returns.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever)))
)

;; loop: never returns.
;;
;; Exists to test the host's wall-clock deadline. The loop makes no host
;; calls and touches no memory, so the only way out is for the host to
;; interrupt the instance, which it must then answer with a timeout error.
;; A backward branch is used (rather than, say, deep recursion) because it
;; spins forever without consuming any resource that could trap first.
(module
  (memory (export "memory") 1)

  (func (export "handle")
    (loop $spin
      (br_if $spin (i32.const 1))))
)

;; trap: fails immediately.
;;
;; Exists to test how the host reports a guest trap: the instance must be
;; discarded and the client must receive the trap error response, not a
;; partial or empty 200.
(module
  (memory (export "memory") 1)

  (func (export "handle")
    unreachable)
)

;; memory-hog: grows linear memory until the host refuses.
;;
;; Exists to test the host's memory cap. The module declares no maximum, so
;; only the host's limit stops the growth; memory.grow must then return -1
;; (the guest is never killed for asking). The sample answers the refusal
;; with a trap so that the test sees an unambiguous outcome.
;;
;; A byte is written into every new page so that a host which reserves
;; memory lazily still has to back each page for real.
(module
  (memory (export "memory") 1)

  (func (export "handle")
    (local $page i32)
    (loop $grow
      ;; memory.grow returns the previous size in pages, which is exactly the
      ;; index of the first new page.
      (local.set $page (memory.grow (i32.const 1)))
      (if (i32.eq (local.get $page) (i32.const -1))
        (then unreachable))
      (i32.store8
        (i32.shl (local.get $page) (i32.const 16))
        (i32.const 1))
      (br $grow)))
)

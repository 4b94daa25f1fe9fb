;; hello: the smallest useful guest.
;;
;; Answers every request with a fixed plain-text body. The status is left
;; unset on purpose: a guest that never calls resp_set_status answers 200,
;; and this sample relies on that default.
(module
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Static strings. WAT has no named constants, so each string's offset and
  ;; length are repeated at its call site; keep both in sync when editing.
  (data (i32.const 0)  "content-type")              ;; len 12
  (data (i32.const 16) "text/plain; charset=utf-8") ;; len 25
  (data (i32.const 48) "Hello from the edge!\n")    ;; len 21

  (func (export "handle")
    ;; Neither call can fail with these constant, well-formed arguments, so
    ;; the results are dropped rather than checked.
    (drop (call $resp_set_header
      (i32.const 0) (i32.const 12)
      (i32.const 16) (i32.const 25)))
    (drop (call $resp_write (i32.const 48) (i32.const 21))))
)

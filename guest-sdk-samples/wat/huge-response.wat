;; huge-response: writes 64 KiB chunks until the host refuses more.
;;
;; Exists to test the response body limit under load: resp_write returns -3
;; once the body would pass the function's limit, and the guest then stops,
;; so the client receives a body exactly at the limit (10 MiB by default).
(module
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (memory (export "memory") 2)

  (func (export "handle")
    (memory.fill (i32.const 0) (i32.const 120) (i32.const 65536))
    (loop $more
      (br_if $more (i32.ge_s (call $resp_write (i32.const 0) (i32.const 65536)) (i32.const 0)))))
)

;; header-flood: adds response headers until the host refuses more.
;;
;; Exists to test the response header limit: resp_add_header returns -3 past
;; the function's count (100 by default), and the guest stops there. Every
;; header is "x-flood" with a 4 KiB value.
(module
  (import "edge" "resp_add_header" (func $resp_add_header (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "x-flood")

  (func (export "handle")
    (memory.fill (i32.const 64) (i32.const 97) (i32.const 4096))
    (loop $more
      (br_if $more
        (i32.ge_s (call $resp_add_header (i32.const 0) (i32.const 7) (i32.const 64) (i32.const 4096))
                  (i32.const 0)))))
)

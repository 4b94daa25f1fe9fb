;; kv-flood: writes random keys until the host refuses more operations.
;;
;; Exists to test the per-request key-value operation limit: kv_set returns
;; -3 once the request has used its operations (1000 by default), and the
;; guest stops there. Keys are 16 random bytes, values 1 KiB, each with a
;; 60 s expiry so that the store does not keep them.
(module
  (import "edge" "kv_set" (func $kv_set (param i32 i32 i32 i32 i32) (result i32)))
  (import "edge" "random_fill" (func $random_fill (param i32 i32) (result i32)))
  (memory (export "memory") 1)

  (func (export "handle")
    (loop $more
      (drop (call $random_fill (i32.const 0) (i32.const 16)))
      (br_if $more
        (i32.ge_s (call $kv_set (i32.const 0) (i32.const 16) (i32.const 1024) (i32.const 1024) (i32.const 60))
                  (i32.const 0)))))
)

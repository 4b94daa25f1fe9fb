;; fetch-storm: fetches the configured URL until the host refuses more.
;;
;; Exists to test the per-request fetch limit: fetch returns -3 once the
;; request has made its fetches (16 by default). The URL is configuration key
;; "url", at most 1024 bytes; without it the guest answers status 500. Every
;; response handle is left open, which the host must clean up itself. Any
;; other failure (-4 refused, -5 unreachable) also ends the storm.
(module
  (import "edge" "config_get" (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "fetch" (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_set_status" (func $resp_set_status (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "url")
  (data (i32.const 16) "GET")

  (func (export "handle")
    (local $url_len i32)
    (local.set $url_len (call $config_get (i32.const 0) (i32.const 3) (i32.const 1024) (i32.const 1024)))
    (if (i32.or (i32.lt_s (local.get $url_len) (i32.const 0)) (i32.gt_s (local.get $url_len) (i32.const 1024)))
      (then
        (drop (call $resp_set_status (i32.const 500)))
        (return)))
    (loop $more
      (br_if $more
        (i32.ge_s
          (call $fetch (i32.const 16) (i32.const 3) (i32.const 1024) (local.get $url_len)
                       (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
          (i32.const 0)))))
)

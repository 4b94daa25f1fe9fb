;; headers: reads one request header and sets several response headers.
;;
;; * x-hello echoes the request header x-name, or "anonymous" when the
;;   request has no such header.
;; * content-type is set with resp_set_header, which replaces any earlier
;;   value.
;; * Two set-cookie headers are added with resp_add_header, which appends.
;;   Cookies are the classic header that must not be merged into a single
;;   comma-separated value, so this is the case that tells the two calls
;;   apart.
;; * The body is "ok".
(module
  (import "edge" "req_header"
    (func $req_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_add_header"
    (func $resp_add_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Scratch space for the x-name value; static strings live below it.
  (global $BUF i32 (i32.const 1024))
  (global $FIRST_CAP i32 (i32.const 256))

  ;; The host matches header names case-insensitively; lower case is simply
  ;; the conventional spelling.
  (data (i32.const 0)   "x-name")       ;; len 6
  (data (i32.const 16)  "x-hello")      ;; len 7
  (data (i32.const 32)  "anonymous")    ;; len 9
  (data (i32.const 48)  "content-type") ;; len 12
  (data (i32.const 64)  "text/plain")   ;; len 10
  (data (i32.const 80)  "set-cookie")   ;; len 10
  (data (i32.const 96)  "a=1")          ;; len 3
  (data (i32.const 112) "b=2")          ;; len 3
  (data (i32.const 128) "ok")           ;; len 2

  ;; Makes sure addresses [0, end) are inside linear memory.
  (func $ensure (param $end i32)
    (local $have i32)
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add
                    (i32.sub (local.get $end) (local.get $have))
                    (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then unreachable)))))

  (func (export "handle")
    (local $len i32)

    ;; Buffer-retry: the result is the full length of the value, which may be
    ;; larger than the capacity offered; in that case nothing useful is in the
    ;; buffer yet, so grow and ask again.
    (local.set $len
      (call $req_header
        (i32.const 0) (i32.const 6)
        (global.get $BUF) (global.get $FIRST_CAP)))
    (if (i32.gt_s (local.get $len) (global.get $FIRST_CAP))
      (then
        (call $ensure (i32.add (global.get $BUF) (local.get $len)))
        (local.set $len
          (call $req_header
            (i32.const 0) (i32.const 6)
            (global.get $BUF) (local.get $len)))))

    (if (i32.eq (local.get $len) (i32.const -1))
      (then
        ;; NOT_FOUND: the request has no x-name header.
        (drop (call $resp_set_header
          (i32.const 16) (i32.const 7)
          (i32.const 32) (i32.const 9))))
      (else
        ;; Any other negative result would mean our constant arguments are
        ;; wrong, which is a bug worth surfacing as a trap.
        (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))
        (drop (call $resp_set_header
          (i32.const 16) (i32.const 7)
          (global.get $BUF) (local.get $len)))))

    (drop (call $resp_set_header
      (i32.const 48) (i32.const 12)
      (i32.const 64) (i32.const 10)))
    (drop (call $resp_add_header
      (i32.const 80) (i32.const 10)
      (i32.const 96) (i32.const 3)))
    (drop (call $resp_add_header
      (i32.const 80) (i32.const 10)
      (i32.const 112) (i32.const 3)))
    (drop (call $resp_write (i32.const 128) (i32.const 2))))
)

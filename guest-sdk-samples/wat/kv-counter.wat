;; kv-counter: counts visits in the function's key-value store.
;;
;; Every request adds 1 to the integer under key "visits" with kv_incr and
;; answers the new value in decimal: "1" for the first request the store
;; sees, then "2", and so on. The entry has no expiry (ttl 0).
;;
;; kv_incr is atomic in the store, not in the guest, so concurrent requests,
;; even on different hosts sharing a store, never lose an increment. That is
;; why this sample does not read the value, add one and write it back: two
;; requests doing that at once would both answer the same number.
;;
;; If kv_incr fails, the answer is status 500 with body "kv error <code>",
;; for example "kv error -5" when the store cannot be reached. Every
;; response carries content-type: text/plain.
(module
  (import "edge" "kv_incr"
    (func $kv_incr (param i32 i32 i64 i32 i32) (result i32)))
  (import "edge" "resp_set_status"
    (func $resp_set_status (param i32) (result i32)))
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Memory layout:
  ;;   0    static strings (below)
  ;;   64   i64 new value written by kv_incr (8-byte aligned)
  ;;   128+ output text: "kv error " and up to 20 characters of a number
  (global $VALUE i32 (i32.const 64))
  (global $OUT i32 (i32.const 128))

  (data (i32.const 0)  "visits")       ;; len 6
  (data (i32.const 16) "content-type") ;; len 12
  (data (i32.const 32) "text/plain")   ;; len 10
  (data (i32.const 48) "kv error ")    ;; len 9

  ;; Writes $value in decimal at $dest, with a leading '-' when negative, and
  ;; returns the address just past the last character. The counter is signed:
  ;; kv_set may have stored a negative number under the key, and kv_incr adds
  ;; to whatever is there. Negating in two's complement and formatting the
  ;; result as unsigned also gets the most negative i64 right, whose
  ;; magnitude does not fit in a signed i64.
  (func $i64toa (param $value i64) (param $dest i32) (result i32)
    (local $end i32)
    (local $rest i64)
    (if (i64.lt_s (local.get $value) (i64.const 0))
      (then
        (i32.store8 (local.get $dest) (i32.const 45)) ;; '-'
        (local.set $dest (i32.add (local.get $dest) (i32.const 1)))
        (local.set $value (i64.sub (i64.const 0) (local.get $value)))))
    ;; Digits come out least significant first, so count them up front and
    ;; fill them in from the end.
    (local.set $end (local.get $dest))
    (local.set $rest (local.get $value))
    (loop $count_digits
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $rest (i64.div_u (local.get $rest) (i64.const 10)))
      (br_if $count_digits (i64.ne (local.get $rest) (i64.const 0))))
    (local.set $dest (local.get $end))
    (loop $emit
      (local.set $dest (i32.sub (local.get $dest) (i32.const 1)))
      (i32.store8 (local.get $dest)
        (i32.add
          (i32.wrap_i64 (i64.rem_u (local.get $value) (i64.const 10)))
          (i32.const 48)))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $emit (i64.ne (local.get $value) (i64.const 0))))
    (local.get $end))

  (func (export "handle")
    (local $code i32)
    (local $p i32)
    (drop (call $resp_set_header
      (i32.const 16) (i32.const 12)
      (i32.const 32) (i32.const 10)))

    (local.set $code
      (call $kv_incr
        (i32.const 0) (i32.const 6)
        (i64.const 1)
        (i32.const 0)          ;; ttl: never expires
        (global.get $VALUE)))

    (if (i32.lt_s (local.get $code) (i32.const 0))
      (then
        ;; The store is a remote service that can fail at any time, so this
        ;; is an answer, not a trap: the client learns which error it was.
        (drop (call $resp_set_status (i32.const 500)))
        (drop (call $resp_write (i32.const 48) (i32.const 9)))
        (local.set $p
          (call $i64toa
            (i64.extend_i32_s (local.get $code))
            (global.get $OUT)))
        (drop (call $resp_write
          (global.get $OUT)
          (i32.sub (local.get $p) (global.get $OUT))))
        (return)))

    (local.set $p
      (call $i64toa (i64.load (global.get $VALUE)) (global.get $OUT)))
    (drop (call $resp_write
      (global.get $OUT)
      (i32.sub (local.get $p) (global.get $OUT)))))
)

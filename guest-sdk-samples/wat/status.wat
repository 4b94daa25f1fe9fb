;; status: sets the response status from the request header x-status.
;;
;;   x-status absent                      -> 204, empty body
;;   1 to 3 ASCII digits the host accepts -> that status, empty body
;;   anything else                        -> 400, body "invalid status"
;;
;; "Anything else" covers an empty value, more than three characters,
;; non-digit characters, and numbers the host rejects. Range checking is
;; left to the host on purpose: resp_set_status answers INVALID_ARGUMENT (-2)
;; outside 100..599 (and DENIED (-4) for informational codes), and this
;; sample exists to exercise that path. Any negative result counts as a
;; rejection, so the sample does not depend on which code the host picks.
(module
  (import "edge" "req_header"
    (func $req_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_set_status"
    (func $resp_set_status (param i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Three digits is all a status code can have, but the buffer is a little
  ;; larger so that a slightly-too-long value still arrives intact. No retry
  ;; is needed: any value longer than 3 bytes is invalid whatever its bytes
  ;; are, and the returned length alone says so.
  (global $BUF i32 (i32.const 256))
  (global $CAP i32 (i32.const 16))

  (data (i32.const 0)  "x-status")       ;; len 8
  (data (i32.const 16) "invalid status") ;; len 14

  ;; Parses [ptr, ptr+len) as a decimal number of 1 to 3 digits.
  ;; Returns -1 when the text is not such a number.
  (func $parse (param $ptr i32) (param $len i32) (result i32)
    (local $end i32)
    (local $value i32)
    (local $digit i32)
    (if (i32.or
          (i32.lt_s (local.get $len) (i32.const 1))
          (i32.gt_s (local.get $len) (i32.const 3)))
      (then (return (i32.const -1))))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (loop $next
      ;; Unsigned comparison folds "below '0'" and "above '9'" into one test.
      (local.set $digit
        (i32.sub (i32.load8_u (local.get $ptr)) (i32.const 48)))
      (if (i32.gt_u (local.get $digit) (i32.const 9))
        (then (return (i32.const -1))))
      (local.set $value
        (i32.add
          (i32.mul (local.get $value) (i32.const 10))
          (local.get $digit)))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $ptr) (local.get $end))))
    (local.get $value))

  (func (export "handle")
    (local $len i32)
    (local $code i32)
    (local.set $len
      (call $req_header
        (i32.const 0) (i32.const 8)
        (global.get $BUF) (global.get $CAP)))

    (if (i32.eq (local.get $len) (i32.const -1))
      (then
        (drop (call $resp_set_status (i32.const 204)))
        (return)))

    (block $invalid
      ;; $parse rejects negative lengths too, so unexpected error codes end
      ;; up as "invalid" rather than as a trap.
      (local.set $code (call $parse (global.get $BUF) (local.get $len)))
      (br_if $invalid (i32.lt_s (local.get $code) (i32.const 0)))
      (br_if $invalid
        (i32.lt_s (call $resp_set_status (local.get $code)) (i32.const 0)))
      (return))

    (drop (call $resp_set_status (i32.const 400)))
    (drop (call $resp_write (i32.const 16) (i32.const 14))))
)

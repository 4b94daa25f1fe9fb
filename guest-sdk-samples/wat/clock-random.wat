;; clock-random: reads the host clock and random source.
;;
;; Body: the decimal value of time_now_ms(), a newline, then 16 bytes from
;; random_fill as 32 lowercase hex digits. A debug line "clock-random
;; called" is logged first. Tests can check that the time is close to their
;; own clock and that two requests never share the same random bytes.
(module
  (import "edge" "log"
    (func $log (param i32 i32 i32)))
  (import "edge" "time_now_ms"
    (func $time_now_ms (result i64)))
  (import "edge" "random_fill"
    (func $random_fill (param i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Memory layout:
  ;;   0    "0123456789abcdef", the hex digit table
  ;;   16   "clock-random called"
  ;;   64   16 random bytes
  ;;   128+ output text: up to 20 decimal digits, "\n", 32 hex digits
  (global $HEX i32 (i32.const 0))
  (global $RANDOM i32 (i32.const 64))
  (global $OUT i32 (i32.const 128))

  (data (i32.const 0)  "0123456789abcdef")    ;; len 16
  (data (i32.const 16) "clock-random called") ;; len 19

  ;; Writes $value in decimal at $dest and returns the address just past the
  ;; last digit. The length is computed first so that digits, which come out
  ;; least significant first, can be stored from the end backwards.
  (func $u64toa (param $value i64) (param $dest i32) (result i32)
    (local $end i32)
    (local $rest i64)
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
    (local $p i32)
    (local $i i32)
    (local $byte i32)
    (call $log (i32.const 0) (i32.const 16) (i32.const 19))

    (local.set $p (call $u64toa (call $time_now_ms) (global.get $OUT)))
    (i32.store8 (local.get $p) (i32.const 10)) ;; '\n'
    (local.set $p (i32.add (local.get $p) (i32.const 1)))

    ;; 16 bytes is far below the 65536-byte limit, so a non-zero result
    ;; means the host is broken; returning predictable bytes would be worse
    ;; than failing.
    (if (call $random_fill (global.get $RANDOM) (i32.const 16))
      (then unreachable))

    ;; Two hex digits per byte, high nibble first.
    (loop $hex
      (local.set $byte
        (i32.load8_u (i32.add (global.get $RANDOM) (local.get $i))))
      (i32.store8 (local.get $p)
        (i32.load8_u
          (i32.add (global.get $HEX)
            (i32.shr_u (local.get $byte) (i32.const 4)))))
      (i32.store8 offset=1 (local.get $p)
        (i32.load8_u
          (i32.add (global.get $HEX)
            (i32.and (local.get $byte) (i32.const 15)))))
      (local.set $p (i32.add (local.get $p) (i32.const 2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $hex (i32.lt_u (local.get $i) (i32.const 16))))

    (drop (call $resp_write
      (global.get $OUT)
      (i32.sub (local.get $p) (global.get $OUT)))))
)

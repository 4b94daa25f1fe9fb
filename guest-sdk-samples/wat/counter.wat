;; counter: detects leaked state and a skipped _initialize.
;;
;; The host runs _initialize once per instance, before handle, and runs
;; every request in a fresh instance. _initialize sets two counters to 41:
;; a mutable global and the i32 at memory address 0. handle increments both
;; and answers "<global>,<memory>".
;;
;; A correct host therefore always answers "42,42". Anything else points at
;; the bug:
;;   "1,1"    _initialize was not called
;;   "43,43"  an instance (or its memory and globals) was reused
;;   "42,43"  globals were reset but memory leaked between requests
;;   "43,42"  memory was reset but globals leaked
(module
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  (global $count (mut i32) (i32.const 0))

  ;; Memory layout:
  ;;   0    i32 counter
  ;;   16+  output text (two numbers of at most 10 digits and a comma)
  (global $COUNTER_ADDR i32 (i32.const 0))
  (global $OUT i32 (i32.const 16))

  (func (export "_initialize")
    (global.set $count (i32.const 41))
    (i32.store (global.get $COUNTER_ADDR) (i32.const 41)))

  ;; Writes $value in decimal at $dest and returns the address just past the
  ;; last digit. Digits are produced least significant first, so the length
  ;; is computed up front and the digits are filled in from the end.
  (func $utoa (param $value i32) (param $dest i32) (result i32)
    (local $end i32)
    (local $rest i32)
    (local.set $end (local.get $dest))
    (local.set $rest (local.get $value))
    (loop $count_digits
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $rest (i32.div_u (local.get $rest) (i32.const 10)))
      (br_if $count_digits (local.get $rest)))
    (local.set $dest (local.get $end))
    (loop $emit
      (local.set $dest (i32.sub (local.get $dest) (i32.const 1)))
      (i32.store8 (local.get $dest)
        (i32.add
          (i32.rem_u (local.get $value) (i32.const 10))
          (i32.const 48)))
      (local.set $value (i32.div_u (local.get $value) (i32.const 10)))
      (br_if $emit (local.get $value)))
    (local.get $end))

  (func (export "handle")
    (local $p i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store (global.get $COUNTER_ADDR)
      (i32.add (i32.load (global.get $COUNTER_ADDR)) (i32.const 1)))

    (local.set $p (call $utoa (global.get $count) (global.get $OUT)))
    (i32.store8 (local.get $p) (i32.const 44)) ;; ','
    (local.set $p
      (call $utoa
        (i32.load (global.get $COUNTER_ADDR))
        (i32.add (local.get $p) (i32.const 1))))
    (drop (call $resp_write
      (global.get $OUT)
      (i32.sub (local.get $p) (global.get $OUT)))))
)

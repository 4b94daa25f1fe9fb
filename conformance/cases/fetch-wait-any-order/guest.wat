;; fetch-wait-any-order: fetch_wait_any returns the index of the response that is ready first, not the lowest index
;;
;; Checks ABI v1 §12.9, §12.7. Output helpers (the same in every case): $emit
;; copies bytes to the response being built at 65536, $ch one byte, $num an
;; i64 in decimal, $r an i32 in decimal and a line feed, $hex bytes as hex
;; (digits at 1000), $flush writes it all with resp_write.
(module
  (import "edge" "config_get" (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "fetch_start" (func $fetch_start (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "edge" "fetch_wait" (func $fetch_wait (param i32) (result i32)))
  (import "edge" "fetch_wait_any" (func $fetch_wait_any (param i32 i32 i32) (result i32)))
  (import "edge" "fetch_status" (func $fetch_status (param i32) (result i32)))
  (import "edge" "fetch_close" (func $fetch_close (param i32) (result i32)))
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 1000) "0123456789abcdef")
  (data (i32.const 1040) "sf")
  (data (i32.const 1048) "GET")

  (global $out (mut i32) (i32.const 65536))
  (func $emit (param $ptr i32) (param $len i32)
    (memory.copy (global.get $out) (local.get $ptr) (local.get $len))
    (global.set $out (i32.add (global.get $out) (local.get $len))))
  (func $ch (param $c i32)
    (i32.store8 (global.get $out) (local.get $c))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))
  (func $num (param $n i64) (local $start i32) (local $end i32) (local $t i32)
    (if (i64.lt_s (local.get $n) (i64.const 0))
      (then
        (call $ch (i32.const 45))
        (local.set $n (i64.sub (i64.const 0) (local.get $n)))))
    (local.set $start (global.get $out))
    (loop $digits
      (call $ch (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $n) (i64.const 0))))
    (local.set $end (i32.sub (global.get $out) (i32.const 1)))
    (block $done
      (loop $reverse
        (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
        (local.set $t (i32.load8_u (local.get $start)))
        (i32.store8 (local.get $start) (i32.load8_u (local.get $end)))
        (i32.store8 (local.get $end) (local.get $t))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (local.set $end (i32.sub (local.get $end) (i32.const 1)))
        (br $reverse))))
  (func $r (param $v i32)
    (call $num (i64.extend_i32_s (local.get $v)))
    (call $ch (i32.const 10)))
  (func $hex (param $ptr i32) (param $len i32) (local $b i32)
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $len) (i32.const 0)))
        (local.set $b (i32.load8_u (local.get $ptr)))
        (call $ch (i32.load8_u offset=1000 (i32.shr_u (local.get $b) (i32.const 4))))
        (call $ch (i32.load8_u offset=1000 (i32.and (local.get $b) (i32.const 15))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next))))
  (func $flush
    (drop (call $resp_write (i32.const 65536) (i32.sub (global.get $out) (i32.const 65536)))))
  ;; The slow origin's fetch is index 0, the fast one's index 1: the fast one is ready first.
  (func (export "handle") (local $ulen i32) (local $a i32) (local $b i32)
    (local.set $ulen (call $config_get (i32.const 1040) (i32.const 1) (i32.const 8192) (i32.const 1024)))
    (local.set $a (call $fetch_start (i32.const 1048) (i32.const 3) (i32.const 8192) (local.get $ulen) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
    (local.set $ulen (call $config_get (i32.const 1041) (i32.const 1) (i32.const 9216) (i32.const 1024)))
    (local.set $b (call $fetch_start (i32.const 1048) (i32.const 3) (i32.const 9216) (local.get $ulen) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
    (i32.store (i32.const 2048) (local.get $a))
    (i32.store (i32.const 2052) (local.get $b))
    (call $r (call $fetch_wait_any (i32.const 2048) (i32.const 2) (i32.const 5000)))
    (call $r (call $fetch_close (local.get $b)))
    (call $r (call $fetch_wait (local.get $a)))
    (call $r (call $fetch_status (local.get $a)))
    (call $flush))
)

;; FNV-1a over 1 MiB of memory, n times: a loop with loads, as in parsing or hashing a body.
(module
  (memory 16)
  (func (export "run") (param $n i64) (result i64) (local $h i32) (local $i i32) (local $r i64)
    (loop $round
      (local.set $h (i32.const 0x811c9dc5))
      (local.set $i (i32.const 0))
      (loop $byte
        (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $i))) (i32.const 0x01000193)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $byte (i32.lt_u (local.get $i) (i32.const 1048576))))
      (local.set $r (i64.add (local.get $r) (i64.extend_i32_u (local.get $h))))
      (local.set $n (i64.sub (local.get $n) (i64.const 1)))
      (br_if $round (i64.gt_s (local.get $n) (i64.const 0))))
    (local.get $r)))

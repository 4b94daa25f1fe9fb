;; sum(n) = sum of i*i for i in 1..n: the tightest loop, the worst case for metering.
(module
  (func (export "run") (param $n i64) (result i64) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.mul (local.get $n) (local.get $n))))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $next)))
    (local.get $acc)))

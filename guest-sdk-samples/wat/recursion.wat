;; recursion: calls itself until the call stack runs out.
;;
;; Exists to test that call stack exhaustion is an ordinary trap: the host
;; answers with a trap error and the worker thread that ran the guest goes on
;; serving. Each frame carries a few locals, as real recursive code would.
(module
  (memory (export "memory") 1)

  (func $deeper (param $depth i64) (result i64)
    (local $a i64) (local $b i64)
    (local.set $a (i64.add (local.get $depth) (i64.const 1)))
    (local.set $b (call $deeper (local.get $a)))
    (i64.add (local.get $a) (local.get $b)))

  (func (export "handle")
    (drop (call $deeper (i64.const 0))))
)

;; A module with both entry points: handle answers "handle"; scheduled, which only
;; the host's scheduled runs call, answers "scheduled".
(module
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "handle")
  (data (i32.const 16) "scheduled")
  (func (export "handle")
    (drop (call $resp_write (i32.const 0) (i32.const 6))))
  (func (export "scheduled")
    (drop (call $resp_write (i32.const 16) (i32.const 9)))))

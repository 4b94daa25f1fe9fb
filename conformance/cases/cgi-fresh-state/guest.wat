;; cgi-fresh-state: every request runs the program from its first state
;;
;; The guest is a WASI command that adds 1 to a global and to a byte in memory,
;; then answers "Content-Type: text/plain", a blank line and that byte as an
;; ASCII digit. A host that gives each request a fresh instance, or restores a
;; pooled one exactly, always answers "1".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $runs (mut i32) (i32.const 0))
  (data (i32.const 64) "Content-Type: text/plain\n\n0") ;; 27, the digit at 90
  (func (export "_start")
    (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
    (i32.store8 (i32.const 90) (i32.add (i32.load8_u (i32.const 90)) (global.get $runs)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 27))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable)))
)

;; cgi-edge-imports: a CGI program may import edge functions other than the response ones
;;
;; The guest is a WASI command that reads config entry "greeting" with
;; config_get, increments key "hits" with kv_incr, logs a line, and answers
;; "Content-Type: text/plain", a blank line and the greeting.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "edge" "config_get" (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "kv_incr" (func $kv_incr (param i32 i32 i64 i32 i32) (result i32)))
  (import "edge" "log" (func $log (param i32 i32 i32)))
  ;; 0: iovec; 8: count written; 16: kv_incr's result; 256: the greeting.
  (memory (export "memory") 1)
  (data (i32.const 64) "Content-Type: text/plain\n\n") ;; 26
  (data (i32.const 96) "greeting")                    ;; 8
  (data (i32.const 112) "hits")                       ;; 4
  (data (i32.const 128) "a CGI program logged this")  ;; 25
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable)))
  (func (export "_start")
    (local $len i32)
    (local.set $len (call $config_get (i32.const 96) (i32.const 8) (i32.const 256) (i32.const 256)))
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))
    (if (call $kv_incr (i32.const 112) (i32.const 4) (i64.const 1) (i32.const 0) (i32.const 16)) (then unreachable))
    (call $log (i32.const 1) (i32.const 128) (i32.const 25))
    (call $write (i32.const 64) (i32.const 26))
    (call $write (i32.const 256) (local.get $len)))
)

;; stream: a response sent while it is written (SPEC §5.6, resp_flush).
;;
;; Sets content-type: text/plain, writes "start\n" and flushes: the client has
;; the status, the header and that line at once. Then writes "chunk 0\n" to
;; "chunk 9\n", one resp_write each, every one sent as it is written. With a
;; request header x-fail it traps after the chunks instead of returning: the
;; client then sees the connection cut, never a complete body.
(module
  (import "edge" "req_header" (func $req_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_set_header" (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (import "edge" "resp_flush" (func $resp_flush (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "content-type")
  (data (i32.const 16) "text/plain")
  (data (i32.const 32) "start\n")
  (data (i32.const 48) "chunk 0\n")
  (data (i32.const 64) "x-fail")

  (func (export "handle") (local $i i32)
    (drop (call $resp_set_header (i32.const 0) (i32.const 12) (i32.const 16) (i32.const 10)))
    (drop (call $resp_write (i32.const 32) (i32.const 6)))
    (drop (call $resp_flush))
    (loop $next
      ;; "chunk N\n": the digit is byte 54
      (i32.store8 (i32.const 54) (i32.add (i32.const 48) (local.get $i)))
      (drop (call $resp_write (i32.const 48) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10))))
    ;; req_header returns -1 when the header is absent
    (if (i32.ge_s (call $req_header (i32.const 64) (i32.const 6) (i32.const 128) (i32.const 0)) (i32.const 0))
      (then unreachable)))
)

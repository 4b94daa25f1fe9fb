;; cgi-status: Status, Content-Type and another header
;;
;; The guest is a WASI command (it exports _start and no handle) that writes a
;; fixed output to stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; 0: one iovec {buf, buf_len}; 8: the count fd_write wrote.
  (memory (export "memory") 1)
  (data (i32.const 1024) "Status: 404 Not Found\nContent-Type: text/plain\nX-Extra: one\n\nmissing\n") ;; stdout, 69 bytes
  ;; Writes [ptr, ptr + len) to fd in one call; traps unless it was all taken.
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
    (if (i32.ne (i32.load (i32.const 8)) (local.get $len)) (then unreachable)))
  (func (export "_start")
    (call $write (i32.const 1) (i32.const 1024) (i32.const 69)))
)

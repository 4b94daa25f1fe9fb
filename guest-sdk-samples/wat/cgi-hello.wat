;; cgi-hello: the smallest WASI program served as CGI.
;;
;; A WASI command: it exports _start and no handle, so the host runs it in
;; CGI mode. It imports nothing from edge; its response is what it writes to
;; standard output: a header block (one Content-Type line), a blank line and
;; the body. The status is left out on purpose: a CGI response without
;; Status and without Location answers 200.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; 0: one iovec {buf, buf_len}; 8: fd_write's count of bytes written.
  (data (i32.const 16) "Content-Type: text/plain; charset=utf-8\n\nHello from a CGI program!\n") ;; len 67

  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 67))
    ;; 67 bytes always fit the host's output limits, so one write takes them
    ;; all; the result is dropped rather than checked.
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)

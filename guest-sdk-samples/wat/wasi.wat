;; wasi: mixes WASI preview1 imports with the edge ABI.
;;
;; Many toolchains emit WASI calls even for code that never opens a file, so
;; the host supports a subset of preview1 next to the edge module. This
;; sample checks the parts a typical guest relies on:
;;
;;  1. "hello from stdout\n" is written to fd 1 and "hello from stderr\n" to
;;     fd 2; both streams end up in the function's log.
;;  2. log(1, "hello from log") writes an info line through the edge ABI.
;;  3. If the request header x-exit holds a single digit d, the guest calls
;;     proc_exit(d) before writing any body. Exit code 0 ends the request
;;     normally (200, empty body); any other code makes the host answer with
;;     the guest_exit error.
;;  4. Otherwise the body is "done".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))
  (import "edge" "log"
    (func $log (param i32 i32 i32)))
  (import "edge" "req_header"
    (func $req_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Memory layout:
  ;;   0   one iovec {buf: i32, buf_len: i32} for fd_write
  ;;   8   fd_write's "bytes written" result
  ;;   16  x-exit value (capacity 8)
  ;;   32+ static strings
  (global $IOVEC i32 (i32.const 0))
  (global $NWRITTEN i32 (i32.const 8))
  (global $EXIT_BUF i32 (i32.const 16))
  (global $EXIT_CAP i32 (i32.const 8))

  (data (i32.const 32)  "hello from stdout\n") ;; len 18
  (data (i32.const 64)  "hello from stderr\n") ;; len 18
  (data (i32.const 96)  "hello from log")     ;; len 14
  (data (i32.const 112) "x-exit")             ;; len 6
  (data (i32.const 128) "done")               ;; len 4

  ;; Writes all of [ptr, ptr+len) to fd. fd_write may legally write fewer
  ;; bytes than asked, so loop until everything is out. Errors are ignored:
  ;; the output is diagnostic and a guest should not fail a request over it.
  (func $write_all (param $fd i32) (param $ptr i32) (param $len i32)
    (local $n i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (global.get $IOVEC) (local.get $ptr))
        (i32.store offset=4 (global.get $IOVEC) (local.get $len))
        (br_if $done
          (call $fd_write
            (local.get $fd) (global.get $IOVEC) (i32.const 1)
            (global.get $NWRITTEN)))
        (local.set $n (i32.load (global.get $NWRITTEN)))
        ;; No progress and no error: give up rather than spin.
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $more))))

  (func (export "handle")
    (local $len i32)
    (local $digit i32)
    (call $write_all (i32.const 1) (i32.const 32) (i32.const 18))
    (call $write_all (i32.const 2) (i32.const 64) (i32.const 18))
    (call $log (i32.const 1) (i32.const 96) (i32.const 14))

    ;; A single digit fits in the buffer, so no retry is needed: a longer
    ;; value is simply "not a single digit", whatever its bytes are.
    (local.set $len
      (call $req_header
        (i32.const 112) (i32.const 6)
        (global.get $EXIT_BUF) (global.get $EXIT_CAP)))
    (if (i32.eq (local.get $len) (i32.const 1))
      (then
        (local.set $digit
          (i32.sub (i32.load8_u (global.get $EXIT_BUF)) (i32.const 48)))
        (if (i32.le_u (local.get $digit) (i32.const 9))
          (then
            (call $proc_exit (local.get $digit))
            ;; proc_exit does not return; the type system does not know
            ;; that, and this makes the intent explicit.
            unreachable))))

    (drop (call $resp_write (i32.const 128) (i32.const 4))))
)

;; cgi-limit-request-body: a request body over max-request-body
;;
;; The guest is a WASI command (it exports _start and no handle): it answers
;; "Content-Type: text/plain", a blank line, then one "arg VALUE" line per
;; argument, one "env NAME=VALUE" line per environment variable, in the order
;; the host gives them, then "stdin " and what it reads from fd 0 up to end of
;; file, then a line feed. It traps if a WASI call fails.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))

  ;; 0 iovec, 8 count written or read, 16 entry count, 20 buffer size, 64+ strings,
  ;; 1024..8192 entry pointers, 8192..131072 entry strings, 131072..196608 a chunk of stdin.
  (memory (export "memory") 4)
  (data (i32.const 64) "Content-Type: text/plain\n\n") ;; 26
  (data (i32.const 96) "arg ")                        ;; 4
  (data (i32.const 104) "env ")                       ;; 4
  (data (i32.const 112) "stdin ")                     ;; 6
  (data (i32.const 120) "\n")                         ;; 1

  ;; Writes [ptr, ptr + len) to stdout, all of it; traps on an error.
  (func $write (param $ptr i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  (func $strlen (param $ptr i32) (result i32)
    (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done
      (loop $more
        (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $more)))
    (i32.sub (local.get $end) (local.get $ptr)))

  ;; One line per entry: the 4-byte prefix at $prefix, the entry, a line feed.
  (func $lines (param $prefix i32)
    (local $i i32)
    (local $entry i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 16))))
        (local.set $entry (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
        (call $write (local.get $prefix) (i32.const 4))
        (call $write (local.get $entry) (call $strlen (local.get $entry)))
        (call $write (i32.const 120) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $more))))

  ;; Traps unless the entries fit their places.
  (func $check_sizes
    (if (i32.gt_u (i32.load (i32.const 16)) (i32.const 1792)) (then unreachable))
    (if (i32.gt_u (i32.load (i32.const 20)) (i32.const 122880)) (then unreachable)))

  (func (export "_start")
    (call $write (i32.const 64) (i32.const 26))
    (if (call $args_sizes_get (i32.const 16) (i32.const 20)) (then unreachable))
    (call $check_sizes)
    (if (call $args_get (i32.const 1024) (i32.const 8192)) (then unreachable))
    (call $lines (i32.const 96))
    (if (call $environ_sizes_get (i32.const 16) (i32.const 20)) (then unreachable))
    (call $check_sizes)
    (if (call $environ_get (i32.const 1024) (i32.const 8192)) (then unreachable))
    (call $lines (i32.const 104))
    (call $write (i32.const 112) (i32.const 6))
    (block $eof
      (loop $more
        (i32.store (i32.const 0) (i32.const 131072))
        (i32.store (i32.const 4) (i32.const 65536))
        (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
        (br_if $eof (i32.eqz (i32.load (i32.const 8))))
        (call $write (i32.const 131072) (i32.load (i32.const 8)))
        (br $more)))
    (call $write (i32.const 120) (i32.const 1)))
)

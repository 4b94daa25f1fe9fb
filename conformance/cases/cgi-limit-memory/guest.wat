;; cgi-limit-memory: memory.grow past the cap fails in CGI mode as in ABI mode
;;
;; The guest is a WASI command that asks for 4 more pages and exits with 10
;; plus what memory.grow returned: 9 when the cap refused, 11 when it did not.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.add (i32.const 10) (memory.grow (i32.const 4)))))
)

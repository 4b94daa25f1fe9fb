;; resp-header-version-host-owned: x-edge-version is the host's; a guest cannot set or add it
;;
;; Checks ABI v1 §5.5, §5.2, §5.3. The guest tries resp_set_header and
;; resp_add_header with x-edge-version in two cases, writes each result on a
;; line, and the response still carries the host's version number.
(module
  (import "edge" "resp_set_header" (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_add_header" (func $resp_add_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1000) "x-edge-version")
  (data (i32.const 1020) "X-Edge-Version")
  (data (i32.const 1040) "99")
  (global $out (mut i32) (i32.const 4096))
  ;; Writes a result as "-N\n" (the results here are 0 or a small negative number).
  (func $r (param $v i32)
    (if (i32.lt_s (local.get $v) (i32.const 0))
      (then
        (i32.store8 (global.get $out) (i32.const 45))
        (global.set $out (i32.add (global.get $out) (i32.const 1)))
        (local.set $v (i32.sub (i32.const 0) (local.get $v)))))
    (i32.store8 (global.get $out) (i32.add (i32.const 48) (local.get $v)))
    (i32.store8 offset=1 (global.get $out) (i32.const 10))
    (global.set $out (i32.add (global.get $out) (i32.const 2))))
  (func (export "handle")
    (call $r (call $resp_set_header (i32.const 1000) (i32.const 14) (i32.const 1040) (i32.const 2)))
    (call $r (call $resp_add_header (i32.const 1000) (i32.const 14) (i32.const 1040) (i32.const 2)))
    (call $r (call $resp_set_header (i32.const 1020) (i32.const 14) (i32.const 1040) (i32.const 2)))
    (call $r (call $resp_add_header (i32.const 1020) (i32.const 14) (i32.const 1040) (i32.const 2)))
    (drop (call $resp_write (i32.const 4096) (i32.sub (global.get $out) (i32.const 4096))))))

;; isolation: reports everything a request could leak to the next one, then
;; overwrites all of it.
;;
;; handle first reports the state it finds: memory size and a checksum of every
;; byte of memory, every global, the table's size and entries, and whether the
;; passive data and element segments are still there (memory.init and
;; table.init trap once they are dropped). Then it writes over everything:
;; fills all memory, grows it, sets every global, fills the table, drops both
;; passive segments. With the header x-grow it also grows the table; with
;; x-trap it traps at the very end, after all the damage.
;;
;; A host that gives every request the state of a fresh instance answers every
;; request with the same report.
(module
  (import "edge" "resp_write" (func $write (param i32 i32) (result i32)))
  (import "edge" "req_header" (func $header (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 2)
  (type $id (func (result i32)))
  (table $t 4 funcref)

  (global $g32 (mut i32) (i32.const 7))
  (global $g64 (mut i64) (i64.const 9))
  (global $gf (mut f64) (f64.const 1.5))

  (data (i32.const 0) "x-trapx-grow")
  (data (i32.const 70000) "an image on the second page")
  (data $passive "passive")

  (elem (i32.const 0) func $f0 $f1)
  (elem $pe func $f2 $f3)

  (func $f0 (result i32) (i32.const 0))
  (func $f1 (result i32) (i32.const 1))
  (func $f2 (result i32) (i32.const 2))
  (func $f3 (result i32) (i32.const 3))

  (func (export "_initialize")
    (global.set $g32 (i32.const 41))
    (i32.store (i32.const 1000) (i32.const 41))
    (i32.store8 (i32.const 80000) (i32.const 171))
    (table.set $t (i32.const 3) (ref.func $f2)))

  ;; Writes $c at $p; returns $p + 1.
  (func $chr (param $c i32) (param $p i32) (result i32)
    (i32.store8 (local.get $p) (local.get $c))
    (i32.add (local.get $p) (i32.const 1)))

  ;; Writes $v in decimal at $p; returns the address after it.
  (func $num (param $v i64) (param $p i32) (result i32)
    (local $end i32) (local $rest i64)
    (local.set $end (local.get $p))
    (local.set $rest (local.get $v))
    (loop $count
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $rest (i64.div_u (local.get $rest) (i64.const 10)))
      (br_if $count (i64.ne (local.get $rest) (i64.const 0))))
    (local.set $p (local.get $end))
    (loop $emit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.wrap_i64 (i64.add (i64.rem_u (local.get $v) (i64.const 10)) (i64.const 48))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $emit (i64.ne (local.get $v) (i64.const 0))))
    (local.get $end))

  (func (export "handle")
    (local $trap i32) (local $grow i32) (local $sum i64) (local $i i32)
    (local $end i32) (local $p i32) (local $k i32)
    ;; Header lookups with a zero-length buffer write nothing to memory.
    (local.set $trap (i32.ge_s (call $header (i32.const 0) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 0)))
    (local.set $grow (i32.ge_s (call $header (i32.const 6) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 0)))

    ;; The checksum covers every byte, before anything is written.
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    (block $done
      (loop $words
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $sum (i64.add (i64.mul (local.get $sum) (i64.const 31)) (i64.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))

    ;; The report goes at 4096: "mem=N sum=N g32=N g64=N gf=N tbl=N:xxxx seg=ok".
    (local.set $p (i32.const 4096))
    (local.set $p (call $chr (i32.const 109) (local.get $p)))
    (local.set $p (call $chr (i32.const 61) (local.get $p)))
    (local.set $p (call $num (i64.extend_i32_u (memory.size)) (local.get $p)))
    (local.set $p (call $chr (i32.const 32) (local.get $p)))
    (local.set $p (call $chr (i32.const 115) (local.get $p)))
    (local.set $p (call $chr (i32.const 61) (local.get $p)))
    (local.set $p (call $num (local.get $sum) (local.get $p)))
    (local.set $p (call $chr (i32.const 32) (local.get $p)))
    (local.set $p (call $chr (i32.const 103) (local.get $p)))
    (local.set $p (call $chr (i32.const 61) (local.get $p)))
    (local.set $p (call $num (i64.extend_i32_u (global.get $g32)) (local.get $p)))
    (local.set $p (call $chr (i32.const 44) (local.get $p)))
    (local.set $p (call $num (global.get $g64) (local.get $p)))
    (local.set $p (call $chr (i32.const 44) (local.get $p)))
    (local.set $p (call $num (i64.reinterpret_f64 (global.get $gf)) (local.get $p)))
    (local.set $p (call $chr (i32.const 32) (local.get $p)))
    (local.set $p (call $chr (i32.const 116) (local.get $p)))
    (local.set $p (call $chr (i32.const 61) (local.get $p)))
    (local.set $p (call $num (i64.extend_i32_u (table.size $t)) (local.get $p)))
    (local.set $p (call $chr (i32.const 58) (local.get $p)))
    (block $tdone
      (loop $entries
        (br_if $tdone (i32.ge_u (local.get $k) (table.size $t)))
        (if (ref.is_null (table.get $t (local.get $k)))
          (then (local.set $p (call $chr (i32.const 110) (local.get $p))))
          (else
            (local.set $p
              (call $chr
                (i32.add (i32.const 48) (call_indirect $t (type $id) (local.get $k)))
                (local.get $p)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entries)))

    ;; Both trap if a passive segment was dropped by an earlier request.
    (memory.init $passive (i32.const 8192) (i32.const 0) (i32.const 7))
    (table.init $t $pe (i32.const 0) (i32.const 0) (i32.const 2))
    (local.set $p (call $chr (i32.const 32) (local.get $p)))
    (local.set $p (call $chr (i32.const 111) (local.get $p)))
    (local.set $p (call $chr (i32.const 107) (local.get $p)))
    (drop (call $write (i32.const 4096) (i32.sub (local.get $p) (i32.const 4096))))

    ;; Now spoil everything a later request could see.
    (memory.fill (i32.const 0) (i32.const 255) (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.ge_s (memory.grow (i32.const 1)) (i32.const 0))
      (then (memory.fill (i32.const 131072) (i32.const 238) (i32.const 65536))))
    (global.set $g32 (i32.const -1))
    (global.set $g64 (i64.const -1))
    (global.set $gf (f64.const -2.5))
    (table.fill $t (i32.const 0) (ref.func $f3) (table.size $t))
    (data.drop $passive)
    (elem.drop $pe)
    (if (local.get $grow)
      (then (drop (table.grow $t (ref.func $f3) (i32.const 2)))))
    (if (local.get $trap)
      (then unreachable)))
)

;; config: answers with the function's "greeting" configuration value.
;;
;; The body is the value of config key "greeting", or "no greeting" when
;; the key is not configured. Configuration values are set per function by
;; the operator and can be of any length, so the value is read with the
;; buffer-retry convention.
(module
  (import "edge" "config_get"
    (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Scratch space for the value; static strings live below it. The first
  ;; capacity is small so that the retry path is exercised by ordinary
  ;; values, not only by huge ones.
  (global $BUF i32 (i32.const 1024))
  (global $FIRST_CAP i32 (i32.const 64))

  (data (i32.const 0)  "greeting")    ;; len 8
  (data (i32.const 16) "no greeting") ;; len 11

  ;; Makes sure addresses [0, end) are inside linear memory.
  (func $ensure (param $end i32)
    (local $have i32)
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add
                    (i32.sub (local.get $end) (local.get $have))
                    (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then unreachable)))))

  (func (export "handle")
    (local $len i32)
    (local.set $len
      (call $config_get
        (i32.const 0) (i32.const 8)
        (global.get $BUF) (global.get $FIRST_CAP)))
    ;; The full length did not fit: only the first $FIRST_CAP bytes were
    ;; written. Make room and ask again.
    (if (i32.gt_s (local.get $len) (global.get $FIRST_CAP))
      (then
        (call $ensure (i32.add (global.get $BUF) (local.get $len)))
        (local.set $len
          (call $config_get
            (i32.const 0) (i32.const 8)
            (global.get $BUF) (local.get $len)))))

    (if (i32.eq (local.get $len) (i32.const -1))
      (then
        ;; NOT_FOUND: no such key.
        (drop (call $resp_write (i32.const 16) (i32.const 11)))
        (return)))
    ;; No other error is possible with these arguments.
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))
    (drop (call $resp_write (global.get $BUF) (local.get $len))))
)

;; rate-limiter: a fixed-window rate limit per client, kept in the
;; key-value store.
;;
;; The client id is the value of request header x-client, or "anonymous"
;; when the request has none or its value is longer than 64 bytes. Time is
;; cut into windows of 60 seconds, numbered w = time_now_ms() / 60000, and
;; every request increments the counter under key
;;
;;   "rate:" <client id> ":" <w in decimal>
;;
;; with kv_incr (delta 1, ttl 60 s). The limit is configuration value
;; "limit", 1 to 6 ASCII digits; 3 when it is absent or anything else.
;;
;;   new count <= limit -> 200, x-ratelimit-remaining: <limit - count>,
;;                         body "ok"
;;   new count >  limit -> 429, retry-after: <60 - (time_now_ms() / 1000) % 60>,
;;                         body "rate limited"
;;   kv_incr fails      -> 503, body "kv error <code>"
;;
;; Every response carries content-type: text/plain. The clock is read once,
;; so the window and retry-after agree with each other: retry-after is the
;; number of whole or started seconds left in the current window, 1 to 60.
;;
;; A fixed window is the simplest limiter that stays correct with many hosts
;; sharing one store: the only shared state is one counter per window, and
;; kv_incr updates it atomically. Putting the window number in the key means
;; the guest never has to reset a counter; the ttl only keeps old windows
;; from piling up. kv_incr sets the ttl when it creates the entry, which is
;; at or after the start of the window, so an entry never expires before
;; its window is over.
(module
  (import "edge" "req_header"
    (func $req_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "config_get"
    (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "time_now_ms"
    (func $time_now_ms (result i64)))
  (import "edge" "kv_incr"
    (func $kv_incr (param i32 i32 i64 i32 i32) (result i32)))
  (import "edge" "resp_set_status"
    (func $resp_set_status (param i32) (result i32)))
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Memory layout:
  ;;   0    static strings (below)
  ;;   192  i64 new count written by kv_incr (8-byte aligned)
  ;;   200  the "limit" value, at most 6 bytes
  ;;   256  the key: "rate:" (a data segment, so the key needs no copying
  ;;        of its prefix), the client id of at most 64 bytes, ":" and at
  ;;        most 20 digits; 90 bytes in all
  ;;   384+ output text: "kv error " and numbers
  (global $COUNT i32 (i32.const 192))
  (global $LIMIT_BUF i32 (i32.const 200))
  (global $KEY i32 (i32.const 256))
  (global $CLIENT i32 (i32.const 261)) ;; $KEY + len("rate:")
  (global $OUT i32 (i32.const 384))

  ;; The buffers are exactly as large as the longest value accepted, so no
  ;; retry is needed: a longer value is rejected whatever its bytes are, and
  ;; the returned length alone says so.
  (global $MAX_CLIENT i32 (i32.const 64))
  (global $MAX_LIMIT_DIGITS i32 (i32.const 6))
  (global $DEFAULT_LIMIT i64 (i64.const 3))
  (global $WINDOW_MS i64 (i64.const 60000))
  (global $WINDOW_S i64 (i64.const 60))

  (data (i32.const 0)   "x-client")              ;; len 8
  (data (i32.const 16)  "anonymous")             ;; len 9
  (data (i32.const 32)  "limit")                 ;; len 5
  (data (i32.const 48)  "content-type")          ;; len 12
  (data (i32.const 64)  "text/plain")            ;; len 10
  (data (i32.const 80)  "x-ratelimit-remaining") ;; len 21
  (data (i32.const 112) "retry-after")           ;; len 11
  (data (i32.const 128) "ok")                    ;; len 2
  (data (i32.const 144) "rate limited")          ;; len 12
  (data (i32.const 160) "kv error ")             ;; len 9
  (data (i32.const 256) "rate:")                 ;; len 5, see $KEY

  ;; Copies [src, src+len) to dest. The ranges must not overlap.
  (func $copy (param $src i32) (param $dest i32) (param $len i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store8 (local.get $dest) (i32.load8_u (local.get $src)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $dest (i32.add (local.get $dest) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next))))

  ;; Writes $value in decimal at $dest, with a leading '-' when negative, and
  ;; returns the address just past the last character. Negative numbers occur
  ;; only in error codes, and in a remaining count if something other than
  ;; this guest stored a negative counter under the key; negating in two's
  ;; complement and formatting as unsigned handles every i64.
  (func $i64toa (param $value i64) (param $dest i32) (result i32)
    (local $end i32)
    (local $rest i64)
    (if (i64.lt_s (local.get $value) (i64.const 0))
      (then
        (i32.store8 (local.get $dest) (i32.const 45)) ;; '-'
        (local.set $dest (i32.add (local.get $dest) (i32.const 1)))
        (local.set $value (i64.sub (i64.const 0) (local.get $value)))))
    ;; Digits come out least significant first, so count them up front and
    ;; fill them in from the end.
    (local.set $end (local.get $dest))
    (local.set $rest (local.get $value))
    (loop $count_digits
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $rest (i64.div_u (local.get $rest) (i64.const 10)))
      (br_if $count_digits (i64.ne (local.get $rest) (i64.const 0))))
    (local.set $dest (local.get $end))
    (loop $emit
      (local.set $dest (i32.sub (local.get $dest) (i32.const 1)))
      (i32.store8 (local.get $dest)
        (i32.add
          (i32.wrap_i64 (i64.rem_u (local.get $value) (i64.const 10)))
          (i32.const 48)))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $emit (i64.ne (local.get $value) (i64.const 0))))
    (local.get $end))

  ;; Sets response header (name, name_len) to $value in decimal.
  (func $set_number_header (param $name i32) (param $name_len i32) (param $value i64)
    (drop (call $resp_set_header
      (local.get $name) (local.get $name_len)
      (global.get $OUT)
      (i32.sub
        (call $i64toa (local.get $value) (global.get $OUT))
        (global.get $OUT)))))

  ;; The configured limit: "limit" as 1 to 6 ASCII digits, else the default.
  ;; Six digits keep the value far from overflow and are plenty for a
  ;; per-minute limit.
  (func $limit (result i64)
    (local $len i32)
    (local $p i32)
    (local $end i32)
    (local $digit i32)
    (local $value i64)
    (local.set $len
      (call $config_get
        (i32.const 32) (i32.const 5)
        (global.get $LIMIT_BUF) (global.get $MAX_LIMIT_DIGITS)))
    ;; Also rejects NOT_FOUND and any other negative result.
    (if (i32.or
          (i32.lt_s (local.get $len) (i32.const 1))
          (i32.gt_s (local.get $len) (global.get $MAX_LIMIT_DIGITS)))
      (then (return (global.get $DEFAULT_LIMIT))))
    (local.set $p (global.get $LIMIT_BUF))
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (loop $next
      ;; Unsigned comparison folds "below '0'" and "above '9'" into one test.
      (local.set $digit
        (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
      (if (i32.gt_u (local.get $digit) (i32.const 9))
        (then (return (global.get $DEFAULT_LIMIT))))
      (local.set $value
        (i64.add
          (i64.mul (local.get $value) (i64.const 10))
          (i64.extend_i32_u (local.get $digit))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $p) (local.get $end))))
    (local.get $value))

  ;; Writes the client id at $CLIENT and returns its length.
  (func $client_id (result i32)
    (local $len i32)
    (local.set $len
      (call $req_header
        (i32.const 0) (i32.const 8)
        (global.get $CLIENT) (global.get $MAX_CLIENT)))
    ;; Absent (NOT_FOUND), or longer than the buffer. Folding long ids into
    ;; "anonymous" keeps the key well below the store's 512-byte limit. It
    ;; weakens nothing: a client that picks its own id can always pick a
    ;; fresh one, so x-client only separates cooperating clients; limiting
    ;; hostile ones needs an id they cannot choose.
    (if (i32.or
          (i32.lt_s (local.get $len) (i32.const 0))
          (i32.gt_s (local.get $len) (global.get $MAX_CLIENT)))
      (then
        (call $copy (i32.const 16) (global.get $CLIENT) (i32.const 9))
        (local.set $len (i32.const 9))))
    (local.get $len))

  (func (export "handle")
    (local $now i64)
    (local $limit i64)
    (local $p i32)
    (local $code i32)
    (local $count i64)

    (drop (call $resp_set_header
      (i32.const 48) (i32.const 12)
      (i32.const 64) (i32.const 10)))

    (local.set $limit (call $limit))
    ;; One reading of the clock for both the window and retry-after.
    ;; Unsigned division: the clock is never before 1970 in practice, and
    ;; this way retry-after stays in 1..60 whatever the host answers.
    (local.set $now (call $time_now_ms))

    ;; Key: "rate:" is already in place; append the id, ':' and the window.
    (local.set $p (i32.add (global.get $CLIENT) (call $client_id)))
    (i32.store8 (local.get $p) (i32.const 58)) ;; ':'
    (local.set $p
      (call $i64toa
        (i64.div_u (local.get $now) (global.get $WINDOW_MS))
        (i32.add (local.get $p) (i32.const 1))))

    (local.set $code
      (call $kv_incr
        (global.get $KEY) (i32.sub (local.get $p) (global.get $KEY))
        (i64.const 1)
        (i32.const 60) ;; ttl: $WINDOW_S
        (global.get $COUNT)))

    (if (i32.lt_s (local.get $code) (i32.const 0))
      (then
        ;; Without the store the guest cannot tell whether the client is
        ;; over its limit. 503 says so and invites a retry; it neither lets
        ;; the request through unchecked nor blames the client.
        (drop (call $resp_set_status (i32.const 503)))
        (drop (call $resp_write (i32.const 160) (i32.const 9)))
        (drop (call $resp_write
          (global.get $OUT)
          (i32.sub
            (call $i64toa (i64.extend_i32_s (local.get $code)) (global.get $OUT))
            (global.get $OUT))))
        (return)))

    (local.set $count (i64.load (global.get $COUNT)))
    (if (i64.le_s (local.get $count) (local.get $limit))
      (then
        (call $set_number_header
          (i32.const 80) (i32.const 21)
          (i64.sub (local.get $limit) (local.get $count)))
        (drop (call $resp_write (i32.const 128) (i32.const 2))))
      (else
        (drop (call $resp_set_status (i32.const 429)))
        (call $set_number_header
          (i32.const 112) (i32.const 11)
          (i64.sub
            (global.get $WINDOW_S)
            (i64.rem_u
              (i64.div_u (local.get $now) (i64.const 1000))
              (global.get $WINDOW_S))))
        (drop (call $resp_write (i32.const 144) (i32.const 12))))))
)

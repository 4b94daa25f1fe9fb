;; gateway: fetches one origin the function may reach and one it may not.
;;
;; Configuration values "allowed" and "denied" are URLs. The intent is that
;; the function's fetch allow-list contains the origin of "allowed" and not
;; that of "denied", so one response shows both sides of the allow-list:
;;
;;   1. GET "allowed" with the header line "x-from: gateway" and no body.
;;      Success (a handle): the body gets the line
;;        "allowed " <status> " " <response body> "\n"
;;      and the response header x-upstream-status is set to the status.
;;      Failure (a negative code): the body gets "allowed error " <code> "\n".
;;   2. GET "denied" with no headers and no body. The body gets
;;      "denied " <code> "\n" with the negative result code, or
;;      "denied " <status> "\n" should the fetch succeed after all.
;;
;; Numbers are in decimal, codes with their minus sign. With an allowed
;; origin answering 200 "hello" and a refused one, the body is exactly
;;
;;   allowed 200 hello
;;   denied -4
;;
;; The status is 200 either way; only a missing configuration value is the
;; guest's own failure: status 500 and body "missing config allowed" (or
;; "missing config denied"), before anything is fetched. Every response
;; carries content-type: text/plain.
;;
;; The upstream body is read until fetch_body_read returns 0, into a buffer
;; of 64 KiB; a longer body is cut off after its first 65536 bytes. The
;; URLs, which can be of any length, are read with the buffer-retry
;; convention.
(module
  (import "edge" "config_get"
    (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "fetch"
    (func $fetch (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "edge" "fetch_status"
    (func $fetch_status (param i32) (result i32)))
  (import "edge" "fetch_body_read"
    (func $fetch_body_read (param i32 i32 i32) (result i32)))
  (import "edge" "fetch_close"
    (func $fetch_close (param i32) (result i32)))
  (import "edge" "resp_set_status"
    (func $resp_set_status (param i32) (result i32)))
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  ;; Two pages hold the static data, two URLs of ordinary length and the
  ;; 64 KiB body buffer without growing; longer URLs grow memory. No maximum
  ;; is declared: the host's memory cap is the limit.
  (memory (export "memory") 2)

  ;; Memory layout:
  ;;   0     static strings (below)
  ;;   256   scratch for one number in decimal (at most 20 characters)
  ;;   1024+ allocated in order with $alloc: the "allowed" URL, the
  ;;         "denied" URL, then the body buffer
  (global $NUM i32 (i32.const 256))
  (global $heap (mut i32) (i32.const 1024))
  ;; Small on purpose, so that the retry path runs for ordinary URLs too.
  (global $FIRST_CAP i32 (i32.const 32))
  (global $BODY_CAP i32 (i32.const 65536))

  (data (i32.const 0)   "allowed")           ;; len 7
  (data (i32.const 16)  "denied")            ;; len 6
  (data (i32.const 32)  "content-type")      ;; len 12
  (data (i32.const 48)  "text/plain")        ;; len 10
  (data (i32.const 64)  "missing config ")   ;; len 15
  (data (i32.const 80)  "GET")               ;; len 3
  (data (i32.const 96)  "x-from: gateway\n") ;; len 16
  (data (i32.const 112) "x-upstream-status") ;; len 17
  (data (i32.const 144) " error ")           ;; len 7
  (data (i32.const 160) " ")                 ;; len 1
  (data (i32.const 176) "\n")                ;; len 1

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

  ;; Reserves $size bytes at $heap, inside memory, and returns their address.
  (func $alloc (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (call $ensure (i32.add (local.get $ptr) (local.get $size)))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (local.get $ptr))

  ;; Reads configuration value (key, key_len) into memory at $heap with the
  ;; buffer-retry convention and moves $heap past it, so the caller finds the
  ;; value at the $heap it saw before the call. Returns the value's length,
  ;; or -1 when the key is not configured (nothing is allocated then).
  (func $config_value (param $key i32) (param $key_len i32) (result i32)
    (local $buf i32)
    (local $len i32)
    (local.set $buf (global.get $heap))
    ;; The whole buffer offered must be inside memory, even for a short value.
    (call $ensure (i32.add (local.get $buf) (global.get $FIRST_CAP)))
    (local.set $len
      (call $config_get
        (local.get $key) (local.get $key_len)
        (local.get $buf) (global.get $FIRST_CAP)))
    ;; The full length did not fit: only the first $FIRST_CAP bytes were
    ;; written. Make room and ask again.
    (if (i32.gt_s (local.get $len) (global.get $FIRST_CAP))
      (then
        (call $ensure (i32.add (local.get $buf) (local.get $len)))
        (local.set $len
          (call $config_get
            (local.get $key) (local.get $key_len)
            (local.get $buf) (local.get $len)))))
    (if (i32.eq (local.get $len) (i32.const -1))
      (then (return (i32.const -1))))
    ;; No other error is possible with these arguments.
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))
    (global.set $heap (i32.add (local.get $buf) (local.get $len)))
    (local.get $len))

  ;; Writes $value in decimal at $dest, with a leading '-' when negative, and
  ;; returns the address just past the last character. Error codes are
  ;; negative; statuses are not.
  (func $itoa (param $value i32) (param $dest i32) (result i32)
    (local $end i32)
    (local $rest i32)
    (if (i32.lt_s (local.get $value) (i32.const 0))
      (then
        (i32.store8 (local.get $dest) (i32.const 45)) ;; '-'
        (local.set $dest (i32.add (local.get $dest) (i32.const 1)))
        ;; Formatted as unsigned below, which is right even for the most
        ;; negative i32.
        (local.set $value (i32.sub (i32.const 0) (local.get $value)))))
    ;; Digits come out least significant first, so count them up front and
    ;; fill them in from the end.
    (local.set $end (local.get $dest))
    (local.set $rest (local.get $value))
    (loop $count_digits
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $rest (i32.div_u (local.get $rest) (i32.const 10)))
      (br_if $count_digits (local.get $rest)))
    (local.set $dest (local.get $end))
    (loop $emit
      (local.set $dest (i32.sub (local.get $dest) (i32.const 1)))
      (i32.store8 (local.get $dest)
        (i32.add
          (i32.rem_u (local.get $value) (i32.const 10))
          (i32.const 48)))
      (local.set $value (i32.div_u (local.get $value) (i32.const 10)))
      (br_if $emit (local.get $value)))
    (local.get $end))

  ;; Appends $value in decimal to the response body.
  (func $write_number (param $value i32)
    (drop (call $resp_write
      (global.get $NUM)
      (i32.sub
        (call $itoa (local.get $value) (global.get $NUM))
        (global.get $NUM)))))

  (func $write_space
    (drop (call $resp_write (i32.const 160) (i32.const 1))))

  (func $write_newline
    (drop (call $resp_write (i32.const 176) (i32.const 1))))

  ;; Reads the body of response $handle into [$buf, $buf + $cap) and returns
  ;; its length. fetch_body_read may return less than asked for, so the loop
  ;; runs until it returns 0. Once the buffer is full the capacity offered is
  ;; 0, for which fetch_body_read also returns 0: a longer body ends the loop
  ;; the same way, truncated to $cap bytes.
  (func $read_body (param $handle i32) (param $buf i32) (param $cap i32) (result i32)
    (local $end i32)
    (local $n i32)
    (local.set $end (local.get $buf))
    (block $done
      (loop $read
        (local.set $n
          (call $fetch_body_read
            (local.get $handle)
            (local.get $end)
            (i32.sub
              (i32.add (local.get $buf) (local.get $cap))
              (local.get $end))))
        ;; A live handle and a non-negative capacity cannot fail; a negative
        ;; result means the host broke the contract.
        (if (i32.lt_s (local.get $n) (i32.const 0)) (then unreachable))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $end (i32.add (local.get $end) (local.get $n)))
        (br $read)))
    (i32.sub (local.get $end) (local.get $buf)))

  ;; Status of response $handle. A handle fetch just returned is live.
  (func $status (param $handle i32) (result i32)
    (local $status i32)
    (local.set $status (call $fetch_status (local.get $handle)))
    (if (i32.lt_s (local.get $status) (i32.const 0)) (then unreachable))
    (local.get $status))

  ;; Answers 500 "missing config <key>".
  (func $missing (param $key i32) (param $key_len i32)
    (drop (call $resp_set_status (i32.const 500)))
    (drop (call $resp_write (i32.const 64) (i32.const 15)))
    (drop (call $resp_write (local.get $key) (local.get $key_len))))

  (func (export "handle")
    (local $allowed i32)
    (local $allowed_len i32)
    (local $denied i32)
    (local $denied_len i32)
    (local $body i32)
    (local $body_len i32)
    (local $handle i32)
    (local $status i32)

    (drop (call $resp_set_header
      (i32.const 32) (i32.const 12)
      (i32.const 48) (i32.const 10)))

    ;; Both URLs are read before anything is fetched or written: the body
    ;; cannot be taken back, so a configuration error must be found while
    ;; the response is still empty.
    (local.set $allowed (global.get $heap))
    (local.set $allowed_len (call $config_value (i32.const 0) (i32.const 7)))
    (if (i32.lt_s (local.get $allowed_len) (i32.const 0))
      (then
        (call $missing (i32.const 0) (i32.const 7))
        (return)))
    (local.set $denied (global.get $heap))
    (local.set $denied_len (call $config_value (i32.const 16) (i32.const 6)))
    (if (i32.lt_s (local.get $denied_len) (i32.const 0))
      (then
        (call $missing (i32.const 16) (i32.const 6))
        (return)))
    (local.set $body (call $alloc (global.get $BODY_CAP)))

    ;; 1. The allowed origin. The request body is the empty range at 0.
    (local.set $handle
      (call $fetch
        (i32.const 80) (i32.const 3)
        (local.get $allowed) (local.get $allowed_len)
        (i32.const 96) (i32.const 16)
        (i32.const 0) (i32.const 0)))
    (drop (call $resp_write (i32.const 0) (i32.const 7)))
    (if (i32.lt_s (local.get $handle) (i32.const 0))
      (then
        (drop (call $resp_write (i32.const 144) (i32.const 7)))
        (call $write_number (local.get $handle)))
      (else
        (local.set $status (call $status (local.get $handle)))
        (local.set $body_len
          (call $read_body
            (local.get $handle) (local.get $body) (global.get $BODY_CAP)))
        (call $write_space)
        (call $write_number (local.get $status))
        (call $write_space)
        (drop (call $resp_write (local.get $body) (local.get $body_len)))
        ;; Releases the body now rather than at the end of the request.
        (drop (call $fetch_close (local.get $handle)))
        (drop (call $resp_set_header
          (i32.const 112) (i32.const 17)
          (global.get $NUM)
          (i32.sub
            (call $itoa (local.get $status) (global.get $NUM))
            (global.get $NUM))))))
    (call $write_newline)

    ;; 2. The denied origin: no headers, empty body.
    (local.set $handle
      (call $fetch
        (i32.const 80) (i32.const 3)
        (local.get $denied) (local.get $denied_len)
        (i32.const 0) (i32.const 0)
        (i32.const 0) (i32.const 0)))
    (drop (call $resp_write (i32.const 16) (i32.const 6)))
    (call $write_space)
    (if (i32.lt_s (local.get $handle) (i32.const 0))
      (then (call $write_number (local.get $handle)))
      (else
        ;; The allow-list let it through; report what came back.
        (call $write_number (call $status (local.get $handle)))
        (drop (call $fetch_close (local.get $handle)))))
    (call $write_newline))
)

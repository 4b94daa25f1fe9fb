;; echo: reflects the request back as a plain-text response.
;;
;; Response body, in order:
;;
;;   <method> "\n" <url> "\n" <req_headers block> "\n" <raw request body>
;;
;; The req_headers block already ends every line with "\n", so the extra
;; "\n" leaves a blank line between the headers and the body, much like an
;; HTTP/1.1 message.
;;
;; This sample is the reference for the two ways a guest receives bytes of
;; unknown size:
;;
;;  * Buffer-retry (method, URL, headers): ask with a small buffer; the host
;;    returns the full length, and if that exceeds the capacity offered, grow
;;    memory and ask again with a buffer that is large enough. The initial
;;    capacity is deliberately small so that the retry path runs for any
;;    realistic header block rather than only in contrived tests.
;;
;;  * Streaming (body): call req_body_read until it returns 0, appending each
;;    chunk after the previous one and growing memory whenever the free space
;;    runs out, so bodies of several MiB are echoed in full.
;;
;; The module starts with 2 pages and declares no maximum; the host's memory
;; cap decides how large a body can be echoed.
(module
  (import "edge" "req_method"
    (func $req_method (param i32 i32) (result i32)))
  (import "edge" "req_url"
    (func $req_url (param i32 i32) (result i32)))
  (import "edge" "req_headers"
    (func $req_headers (param i32 i32) (result i32)))
  (import "edge" "req_body_read"
    (func $req_body_read (param i32 i32) (result i32)))
  (import "edge" "resp_set_header"
    (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write"
    (func $resp_write (param i32 i32) (result i32)))

  (memory (export "memory") 2)

  ;; The three "get bytes" functions share one signature, so a tiny table
  ;; lets a single helper implement buffer-retry for all of them instead of
  ;; repeating the same logic three times.
  (type $getter (func (param i32 i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $req_method $req_url $req_headers)

  ;; Memory layout: static strings live below $BUF; everything from $BUF up
  ;; is scratch space. Each piece is written to the response before the next
  ;; one is fetched, so the same region is reused for all of them.
  (global $BUF i32 (i32.const 1024))
  ;; Small on purpose (see the header comment).
  (global $FIRST_CAP i32 (i32.const 256))

  (data (i32.const 0)  "content-type")              ;; len 12
  (data (i32.const 16) "text/plain; charset=utf-8") ;; len 25
  (data (i32.const 48) "\n")                        ;; len 1

  ;; Current size of linear memory in bytes.
  (func $mem_bytes (result i32)
    (i32.shl (memory.size) (i32.const 16)))

  ;; Makes sure addresses [0, end) are inside linear memory, growing by the
  ;; minimum number of whole pages. Trapping is the honest answer when the
  ;; host refuses to grow: the request cannot be echoed correctly.
  (func $ensure (param $end i32)
    (local $missing i32)
    (if (i32.gt_u (local.get $end) (call $mem_bytes))
      (then
        (local.set $missing
          (i32.sub (local.get $end) (call $mem_bytes)))
        (if (i32.eq
              (memory.grow
                (i32.shr_u
                  (i32.add (local.get $missing) (i32.const 65535))
                  (i32.const 16)))
              (i32.const -1))
          (then unreachable)))))

  ;; Fetches one value with the buffer-retry convention and appends it to
  ;; the response. $which indexes the table above.
  (func $copy_to_response (param $which i32)
    (local $len i32)
    (local.set $len
      (call_indirect (type $getter)
        (global.get $BUF) (global.get $FIRST_CAP) (local.get $which)))
    ;; These functions have no error case for a non-negative capacity; a
    ;; negative result means the host broke the contract.
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))
    ;; The host reported the full length; only min(len, cap) bytes were
    ;; written, so ask again with exactly enough room.
    (if (i32.gt_u (local.get $len) (global.get $FIRST_CAP))
      (then
        (call $ensure (i32.add (global.get $BUF) (local.get $len)))
        (local.set $len
          (call_indirect (type $getter)
            (global.get $BUF) (local.get $len) (local.get $which)))
        (if (i32.lt_s (local.get $len) (i32.const 0)) (then unreachable))))
    (drop (call $resp_write (global.get $BUF) (local.get $len))))

  (func $newline
    (drop (call $resp_write (i32.const 48) (i32.const 1))))

  ;; Reads the whole request body into memory starting at $BUF, growing
  ;; memory as the free space runs out, then writes it with one resp_write.
  (func $copy_body
    (local $end i32)
    (local $cap i32)
    (local $n i32)
    (local.set $end (global.get $BUF))
    (block $done
      (loop $read
        (local.set $cap (i32.sub (call $mem_bytes) (local.get $end)))
        ;; The previous read filled memory to the last byte. Doubling keeps
        ;; the number of grow calls logarithmic in the body size; if the host
        ;; cap does not leave room to double, fall back to a single page.
        (if (i32.eqz (local.get $cap))
          (then
            (if (i32.eq (memory.grow (memory.size)) (i32.const -1))
              (then
                (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
                  (then unreachable))))
            (local.set $cap (i32.sub (call $mem_bytes) (local.get $end)))))
        (local.set $n (call $req_body_read (local.get $end) (local.get $cap)))
        (if (i32.lt_s (local.get $n) (i32.const 0)) (then unreachable))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $end (i32.add (local.get $end) (local.get $n)))
        (br $read)))
    (drop (call $resp_write
      (global.get $BUF)
      (i32.sub (local.get $end) (global.get $BUF)))))

  (func (export "handle")
    (drop (call $resp_set_header
      (i32.const 0) (i32.const 12)
      (i32.const 16) (i32.const 25)))
    (call $copy_to_response (i32.const 0)) ;; method
    (call $newline)
    (call $copy_to_response (i32.const 1)) ;; url
    (call $newline)
    (call $copy_to_response (i32.const 2)) ;; headers, "\n" after each line
    (call $newline)
    (call $copy_body))
)

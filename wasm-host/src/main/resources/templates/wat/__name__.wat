;; ${name}: an edge function in WebAssembly text. Answers "<greeting> from ${name}" (the
;; configuration entry "greeting", default "Hello") as text, and logs the method and URL of each
;; request.
;;
;; Build: ./build.sh        Serve while editing: edge-host dev ${name}.wasm        Test: mvn test
;; Every import of the ABI, to paste from: edge-imports.wat.txt (docs/sdk/wat.md in edge-host).
(module
  (import "edge" "req_method" (func $req_method (param i32 i32) (result i32)))
  (import "edge" "req_url" (func $req_url (param i32 i32) (result i32)))
  (import "edge" "config_get" (func $config_get (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_set_header" (func $resp_set_header (param i32 i32 i32 i32) (result i32)))
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (import "edge" "log" (func $log (param i32 i32 i32)))

  (memory (export "memory") 1)

  ;; Memory layout:
  ;;   0     static strings (below)
  ;;   256   the configured greeting, at most 256 bytes
  ;;   1024  the log line: method, a space, URL (at most 2048 bytes)
  (data (i32.const 0) "greeting")
  (data (i32.const 16) "content-type")
  (data (i32.const 32) "text/plain; charset=utf-8")
  (data (i32.const 64) "Hello")
  (data (i32.const 80) " from ${name}\n")

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.le_u (local.get $a) (local.get $b))))

  ;; Logs "METHOD URL" at info.
  (func $log_request (local $method i32) (local $url i32)
    (local.set $method (call $min (call $req_method (i32.const 1024) (i32.const 16)) (i32.const 16)))
    (i32.store8 (i32.add (i32.const 1024) (local.get $method)) (i32.const 32))
    (local.set $url
      (call $min (call $req_url (i32.add (i32.const 1025) (local.get $method)) (i32.const 2048)) (i32.const 2048)))
    (call $log (i32.const 1) (i32.const 1024) (i32.add (i32.add (local.get $method) (i32.const 1)) (local.get $url))))

  (func (export "handle") (local $greeting i32)
    (call $log_request)
    (drop (call $resp_set_header (i32.const 16) (i32.const 12) (i32.const 32) (i32.const 25)))
    ;; A negative length is an error code: no such entry, so the default greeting.
    (local.set $greeting (call $config_get (i32.const 0) (i32.const 8) (i32.const 256) (i32.const 256)))
    (if (i32.lt_s (local.get $greeting) (i32.const 0))
      (then (drop (call $resp_write (i32.const 64) (i32.const 5))))
      (else (drop (call $resp_write (i32.const 256) (call $min (local.get $greeting) (i32.const 256))))))
    (drop (call $resp_write (i32.const 80) (i32.add (i32.const 7) (i32.const ${nameLength}))))))

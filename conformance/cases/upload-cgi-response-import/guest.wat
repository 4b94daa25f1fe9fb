;; upload-cgi-response-import: a CGI program that imports resp_write
(module
  (import "edge" "resp_write" (func $resp_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))

;; upload-cgi-without-start: an ABI guest deployed with mode=cgi
(module
  (memory (export "memory") 1)
  (func (export "handle")))

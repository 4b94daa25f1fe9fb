;; upload-cgi-start-as-abi: a WASI command deployed with mode=abi
(module
  (memory (export "memory") 1)
  (func (export "_start")))

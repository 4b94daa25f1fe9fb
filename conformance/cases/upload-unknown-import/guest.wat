;; upload-unknown-import: an import the ABI does not define
(module (import "edge" "no_such_function" (func)) (memory (export "memory") 1) (func (export "handle")))

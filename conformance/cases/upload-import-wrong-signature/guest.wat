;; upload-import-wrong-signature: an ABI function imported with another signature
(module (import "edge" "resp_write" (func (param i32) (result i32))) (memory (export "memory") 1) (func (export "handle")))

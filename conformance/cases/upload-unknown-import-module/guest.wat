;; upload-unknown-import-module: an import from a module other than edge and wasi_snapshot_preview1
(module (import "env" "abort" (func (param i32 i32 i32 i32))) (memory (export "memory") 1) (func (export "handle")))

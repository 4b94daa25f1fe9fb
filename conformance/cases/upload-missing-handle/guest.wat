;; upload-missing-handle: a module without a handle export
(module (memory (export "memory") 1) (func (export "main")))

;; upload-missing-memory: a module that exports no memory
(module (memory 1) (func (export "handle")))

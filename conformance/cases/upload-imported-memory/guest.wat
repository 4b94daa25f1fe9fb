;; upload-imported-memory: a module that imports its memory instead of defining it
(module (import "edge" "memory" (memory 1)) (export "memory" (memory 0)) (func (export "handle")))

;; upload-memory-over-cap: an initial memory larger than the memory cap
(module (memory (export "memory") 5) (func (export "handle")))

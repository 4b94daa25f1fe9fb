;; upload-handle-wrong-type: handle that takes a parameter
(module (memory (export "memory") 1) (func (export "handle") (param i32)))

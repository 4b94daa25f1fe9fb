;; upload-initialize-wrong-type: _initialize that returns a value
(module (memory (export "memory") 1) (func (export "handle")) (func (export "_initialize") (result i32) (i32.const 0)))

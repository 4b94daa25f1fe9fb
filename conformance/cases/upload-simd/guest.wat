;; upload-simd: a module using a v128 instruction is refused
(module (memory (export "memory") 1) (func (export "handle") (drop (i32x4.splat (i32.const 1)))))

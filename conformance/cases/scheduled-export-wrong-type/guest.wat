;; scheduled is reserved for the entry point of scheduled runs: here it takes a parameter.
(module
  (memory (export "memory") 1)
  (func (export "handle"))
  (func (export "scheduled") (param i32)))

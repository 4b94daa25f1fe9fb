;; bad-import: imports a function the host does not provide.
;;
;; Exists for the upload-validation tests: the host must reject this module
;; at upload time (unknown_import) instead of failing later, when the first
;; request tries to instantiate it. The import is never called; declaring it
;; is enough.
(module
  (import "edge" "no_such_function"
    (func $no_such_function (param i32) (result i32)))

  (memory (export "memory") 1)

  (func (export "handle"))
)

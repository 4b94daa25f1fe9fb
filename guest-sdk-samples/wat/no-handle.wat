;; no-handle: a valid module that is not a valid guest.
;;
;; Exists for the upload-validation tests: it exports memory but no handle
;; entry point, so the host must reject it at upload (missing_export).
(module
  (memory (export "memory") 1)
)

package dev.edgehost.conformance.abi;

/** An expectation of a case that the host under test did not meet. */
final class CaseFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CaseFailure(String message) {
        super(message);
    }
}

package dev.edgehost.conformance.abi;

/**
 * What running one case gave.
 *
 * @param name the case
 * @param passed whether every expectation held
 * @param detail the first expectation that failed, or empty
 */
public record CaseResult(String name, boolean passed, String detail) {

    static CaseResult pass(String name) {
        return new CaseResult(name, true, "");
    }

    static CaseResult fail(String name, String detail) {
        return new CaseResult(name, false, detail);
    }
}

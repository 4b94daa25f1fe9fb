package dev.edgehost.abi;

/** The Wasm value types that appear in ABI v1 signatures. */
public enum ValueType {
    I32("i32"),
    I64("i64");

    private final String watName;

    ValueType(String watName) {
        this.watName = watName;
    }

    /** The type's name as written in WAT, e.g. {@code i32}. */
    public String watName() {
        return watName;
    }
}

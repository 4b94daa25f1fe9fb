package dev.edgehost.host;

/** What a function's code is: a Wasm module, or a JavaScript script run by the host's JavaScript engine. */
public enum FunctionKind {
    /** A core Wasm module that implements the ABI itself. */
    WASM("wasm"),
    /** A Workers-style script, run by the JavaScript engine the host bundles (docs/javascript.md). */
    JAVASCRIPT("javascript");

    private final String id;

    FunctionKind(String id) {
        this.id = id;
    }

    /** The name the admin API and the stored record use: {@code wasm} or {@code javascript}. */
    public String id() {
        return id;
    }

    /**
     * The kind with that {@link #id()}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public static FunctionKind ofId(String id) {
        for (FunctionKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown function kind: " + id);
    }
}

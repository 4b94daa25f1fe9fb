package dev.edgehost.conformance.spec;

import java.util.Arrays;

/** The kinds of command in a wast2json script. */
enum CommandType {
    MODULE("module"),
    REGISTER("register"),
    ACTION("action"),
    ASSERT_RETURN("assert_return"),
    ASSERT_TRAP("assert_trap"),
    ASSERT_EXHAUSTION("assert_exhaustion"),
    ASSERT_INVALID("assert_invalid"),
    ASSERT_MALFORMED("assert_malformed"),
    ASSERT_UNLINKABLE("assert_unlinkable"),
    ASSERT_UNINSTANTIABLE("assert_uninstantiable");

    private final String jsonName;

    CommandType(String jsonName) {
        this.jsonName = jsonName;
    }

    static CommandType fromJson(String name) {
        return Arrays.stream(values())
                .filter(type -> type.jsonName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown command type " + name));
    }

    String jsonName() {
        return jsonName;
    }

    /** Whether the command only checks that a module is rejected before it is instantiated. */
    boolean checksRejection() {
        return this == ASSERT_INVALID || this == ASSERT_MALFORMED;
    }
}

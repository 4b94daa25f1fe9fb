package dev.edgehost.host;

/** How a function's Wasm code runs. */
public enum Engine {
    /** Compiled once to JVM bytecode at deploy time; the default, and the fast one. */
    COMPILER,
    /** Chicory's interpreter: no compile step, slower execution; a fallback and a debugging aid. */
    INTERPRETER
}

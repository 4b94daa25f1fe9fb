package dev.edgehost.host.registry;

/**
 * Which code serves a function and where its compile is, for the function JSON. Immutable.
 *
 * @param tier {@value #INTERPRETER} or {@value #COMPILED}: the code that serves new requests
 * @param state {@code queued} (waiting for a compile slot), {@code compiling}, {@code ready} or
 *     {@code failed} (the interpreter keeps serving; {@code failure} says why)
 * @param queuedMs how long the background compile waited for its turn, or {@code null}
 * @param compileMs how long it has compiled so far, or took, or {@code null} if it has not begun
 * @param failure why the background compile failed, or {@code null}
 */
public record TierInfo(String tier, String state, Long queuedMs, Long compileMs, String failure) {
    public static final String INTERPRETER = "interpreter";
    public static final String COMPILED = "compiled";

    /** A function compiled, or interpreted, as its engine says, at its deploy. */
    static TierInfo atDeploy(boolean compiled) {
        return new TierInfo(compiled ? COMPILED : INTERPRETER, "ready", null, null, null);
    }
}

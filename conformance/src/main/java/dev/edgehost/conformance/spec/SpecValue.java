package dev.edgehost.conformance.spec;

/**
 * A value or value pattern of a script, as wast2json writes it: numbers are the unsigned decimal
 * of their bits, {@code nan:canonical} and {@code nan:arithmetic} are float patterns, references
 * are {@code null} or a host number, and a reference with no value matches any non-null one.
 */
record SpecValue(String type, String value) {

    @Override
    public String toString() {
        return value == null ? "(" + type + ")" : type + ":" + value;
    }
}

package dev.edgehost.host.fuel;

/**
 * A module rewritten to count fuel.
 *
 * @param wasm the instrumented module's bytes
 * @param fuelGlobalIndex the index of the mutable i64 global holding the fuel left
 * @param fuelGlobalOrdinal the fuel global's position among the globals the module defines (not
 *     imports), which is the order instantiation creates them in
 * @param moduleTypes how many types the module had before instrumenting appended its own
 */
public record InstrumentedModule(byte[] wasm, int fuelGlobalIndex, int fuelGlobalOrdinal, int moduleTypes) {}

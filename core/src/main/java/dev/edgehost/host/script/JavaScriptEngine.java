package dev.edgehost.host.script;

import dev.edgehost.host.Engine;
import dev.edgehost.host.compile.CompiledModule;
import dev.edgehost.host.compile.ModuleCompiler;
import dev.edgehost.host.store.FunctionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JavaScript engine the host bundles ({@code js-engine/edge-js.wasm}: QuickJS and the
 * Workers API as an ABI v1 guest): one module for every JavaScript function. It is checked,
 * instrumented and compiled once per engine kind for the whole JVM, on first use, and kept for
 * the life of the JVM; every host in the process shares it, and a script's deploy compiles
 * nothing. With a data dir, the first host to compile it keeps the compiled classes on disk, so
 * a restart loads them instead. Thread-safe.
 */
public final class JavaScriptEngine {
    private static final String RESOURCE = "edge-js.wasm";
    private static final byte[] WASM = read();
    private static final String SHA256 = FunctionStore.sha256(WASM);
    private static final Map<Engine, CompiledModule> COMPILED = new EnumMap<>(Engine.class);
    private static final AtomicLong COMPILATIONS = new AtomicLong();

    private JavaScriptEngine() {}

    private static byte[] read() {
        try (InputStream in = JavaScriptEngine.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("edge-core lacks its JavaScript engine " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of the engine module. */
    public static String sha256() {
        return SHA256;
    }

    /** The engine module's size in bytes. */
    public static int size() {
        return WASM.length;
    }

    /**
     * The engine compiled for an engine kind, compiling it with {@code compiler} (and its on-disk
     * cache) the first time any host asks.
     */
    public static CompiledModule compiled(Engine engine, ModuleCompiler compiler) {
        synchronized (COMPILED) {
            CompiledModule compiled = COMPILED.get(engine);
            if (compiled == null) {
                compiled = compiler.compileKept(WASM, engine);
                COMPILATIONS.incrementAndGet();
                COMPILED.put(engine, compiled);
            }
            return compiled;
        }
    }

    /** How often the engine was compiled in this JVM: at most once per engine kind. */
    public static long compilations() {
        return COMPILATIONS.get();
    }
}

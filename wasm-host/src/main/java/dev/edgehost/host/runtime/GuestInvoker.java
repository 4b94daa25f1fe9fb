package dev.edgehost.host.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionCompletedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.GuestExitException;
import dev.edgehost.host.GuestTimeoutException;
import dev.edgehost.host.GuestTrapException;
import dev.edgehost.host.guest.EdgeImports;
import dev.edgehost.host.guest.EnvironmentCapability;
import dev.edgehost.host.guest.GuestRequest;
import dev.edgehost.host.guest.GuestResponse;
import dev.edgehost.host.guest.LogCapability;
import dev.edgehost.host.guest.LogLineStream;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one request in a fresh instance of a function: instantiate with the function's memory cap,
 * call {@code _initialize} if exported, call {@code handle}, all under the wall-clock deadline;
 * then maps how the guest ended to a response or to exactly one failure class.
 */
final class GuestInvoker {
    /**
     * The interpreter checks the interrupt flag only at calls and plain branches; this listener
     * checks it before every instruction, so a {@code br_if} loop stops at its deadline too.
     */
    private static final ExecutionListener INTERRUPT_CHECK =
            (instruction, stack) -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChicoryInterruptedException("deadline reached");
                }
            };

    private final ScheduledExecutorService deadlines;
    private final SecureRandom random = new SecureRandom();
    private final EnvironmentCapability environment =
            new EnvironmentCapability() {
                @Override
                public long nowMillis() {
                    return System.currentTimeMillis();
                }

                @Override
                public void fillRandom(byte[] target) {
                    random.nextBytes(target);
                }
            };

    GuestInvoker(ScheduledExecutorService deadlines) {
        this.deadlines = deadlines;
    }

    GuestResponse invoke(Deployment deployment, CompiledModule compiled, GuestRequest request, LogCapability log) {
        FunctionLimits limits = deployment.settings().limits();
        GuestResponse response = new GuestResponse(limits.maxResponseBodyBytes(), limits.maxResponseHeaders());
        EdgeImports edge =
                new EdgeImports(request, response, log, deployment.settings()::configValue, environment);
        LogLineStream stdout = new LogLineStream(log, LogLevel.INFO);
        LogLineStream stderr = new LogLineStream(log, LogLevel.WARN);
        WasiOptions wasiOptions =
                WasiOptions.builder()
                        .withStdin(InputStream.nullInputStream(), false)
                        .withStdout(stdout, false)
                        .withStderr(stderr, false)
                        .withRandom(random)
                        .withClock(Clock.systemUTC())
                        .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(wasiOptions).build()) {
            ImportValues imports =
                    ImportValues.builder()
                            .addFunction(edge.hostFunctions())
                            .addFunction(wasi.toHostFunctions())
                            .build();
            Instance.Builder builder =
                    Instance.builder(compiled.module())
                            .withImportValues(imports)
                            .withStart(false)
                            .withMemoryFactory(declared -> cappedMemory(declared, limits.memoryPages()));
            if (compiled.machineFactory() != null) {
                builder.withMachineFactory(compiled.machineFactory());
            } else {
                builder.withUnsafeExecutionListener(INTERRUPT_CHECK);
            }
            run(builder, compiled.description().hasInitialize(), limits);
        } finally {
            stdout.close();
            stderr.close();
        }
        return response;
    }

    /** The module's own limits, with the maximum lowered to the function's cap. */
    private static ByteArrayMemory cappedMemory(MemoryLimits declared, int capPages) {
        return new ByteArrayMemory(
                new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), capPages)));
    }

    private void run(Instance.Builder builder, boolean hasInitialize, FunctionLimits limits) {
        Deadline deadline = new Deadline(deadlines, limits.timeout());
        try (deadline) {
            Instance instance = builder.build();
            if (hasInitialize) {
                instance.export(Abi.EXPORT_INITIALIZE).apply();
            }
            instance.export(Abi.EXPORT_HANDLE).apply();
        } catch (ExecutionCompletedException e) {
            // WASI proc_exit(0) on hosts that do not throw for it: the request ends normally.
        } catch (WasiExitException e) {
            if (e.exitCode() != 0) {
                throw new GuestExitException("the guest exited with code " + e.exitCode(), e);
            }
        } catch (ChicoryInterruptedException e) {
            throw timeoutOrTrap(deadline, limits, e);
        } catch (StackOverflowError e) {
            throw new GuestTrapException("call stack exhausted", e);
        } catch (ChicoryException e) {
            if (deadline.expired()) {
                throw timeoutOrTrap(deadline, limits, e);
            }
            throw new GuestTrapException(trapMessage(e), e);
        }
    }

    private static RuntimeException timeoutOrTrap(Deadline deadline, FunctionLimits limits, ChicoryException e) {
        if (deadline.expired()) {
            return new GuestTimeoutException(
                    "the function ran past its deadline of " + limits.timeout().toMillis() + " ms", e);
        }
        return new GuestTrapException("the guest was interrupted", e);
    }

    private static String trapMessage(ChicoryException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the guest trapped" : "the guest trapped: " + message;
    }
}

package dev.edgehost.host.execution;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.edgehost.host.capability.OutputSink;
import dev.edgehost.host.capability.WasiProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * One request's WASI preview1 functions, Chicory's, wired from a {@link WasiProcess}: its
 * arguments, environment, standard input and output sinks. The only place the host builds
 * Chicory's WASI, so that the host's own WASI unit can take its place. A write a sink does not
 * take whole fails with {@code EIO}, as Chicory cannot report a short write. Used by one request's
 * thread only.
 */
final class ChicoryWasiAdapter implements AutoCloseable {
    private final WasiPreview1 wasi;

    private ChicoryWasiAdapter(WasiPreview1 wasi) {
        this.wasi = wasi;
    }

    /** A new WASI per request, as its file table is state. */
    static ChicoryWasiAdapter bind(WasiProcess process, Random random) {
        WasiOptions.Builder options =
                WasiOptions.builder()
                        .withArguments(process.args())
                        .withStdin(new ByteArrayInputStream(process.stdin()), false)
                        .withStdout(stream(process.stdout()), false)
                        .withStderr(stream(process.stderr()), false)
                        .withRandom(random)
                        .withClock(Clock.systemUTC());
        for (Map.Entry<String, String> variable : process.environment()) {
            options.withEnvironment(variable.getKey(), variable.getValue());
        }
        return new ChicoryWasiAdapter(WasiPreview1.builder().withOptions(options.build()).build());
    }

    HostFunction[] hostFunctions() {
        return wasi.toHostFunctions();
    }

    private static OutputStream stream(OutputSink sink) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (sink.write(bytes, offset, length) < length) {
                    throw new IOException("the stream's limit is reached");
                }
            }
        };
    }

    @Override
    public void close() {
        wasi.close();
    }
}

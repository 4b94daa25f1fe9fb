package dev.edgehost.host.cgi;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.InvalidCgiResponseException;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.capability.LogCapability;
import dev.edgehost.host.capability.LogLineStream;
import dev.edgehost.host.capability.WasiProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * One request to a WASI program served as CGI: the process it runs as (arguments, environment,
 * the body as standard input, standard output kept for the response, standard error to the log at
 * warn), then the response read from what it wrote. Standard output is bounded by
 * {@code max-response-body} plus {@code max-response-header-bytes}; past that, writes are cut and
 * the request fails with {@code invalid_cgi_response} rather than send a truncated body that
 * would look complete. Used by one request's thread only.
 */
public final class CgiExchange implements AutoCloseable {
    private final FunctionSettings settings;
    private final LogCapability log;
    private final BoundedOutput stdout;
    private final LogLineStream stderr;
    private final WasiProcess process;

    private CgiExchange(String function, FunctionSettings settings, GuestRequest request, String requestId, LogCapability log) {
        this.settings = settings;
        this.log = log;
        FunctionLimits limits = settings.limits();
        this.stdout =
                new BoundedOutput(Math.min(
                        limits.maxResponseBodyBytes() + limits.maxResponseHeaderBytes(), Integer.MAX_VALUE - 8L));
        this.stderr = new LogLineStream(log, LogLevel.WARN);
        List<String> args = new ArrayList<>(settings.args().size() + 1);
        args.add(function);
        args.addAll(settings.args());
        this.process =
                new WasiProcess(
                        List.copyOf(args),
                        CgiEnvironment.of(request, function, requestId, settings.config()),
                        request.bodyBytes(),
                        stdout,
                        (bytes, offset, length) -> {
                            stderr.write(bytes, offset, length);
                            return length;
                        });
    }

    /** The exchange for one request to the function. */
    public static CgiExchange start(
            String function, FunctionSettings settings, GuestRequest request, String requestId, LogCapability log) {
        return new CgiExchange(function, settings, request, requestId, log);
    }

    /** What the program sees of its process. */
    public WasiProcess process() {
        return process;
    }

    /**
     * Builds the response from the program's standard output, once it ended normally.
     *
     * @throws InvalidCgiResponseException when the output is no valid CGI response or was cut
     */
    public void respond(GuestResponse response) {
        if (stdout.overflowed()) {
            throw overflow();
        }
        new CgiResponseReader(settings.cgiOutput(), response, log, settings.limits().maxResponseBodyBytes())
                .read(stdout.bytes());
    }

    /**
     * What a program that exited with an error or trapped is answered: {@code failure}, unless its
     * output was cut, which is then the cause a client is told, since programs commonly fail on a
     * write that failed.
     */
    public EdgeException failure(EdgeException failure) {
        return stdout.overflowed() ? overflow() : failure;
    }

    private InvalidCgiResponseException overflow() {
        return new InvalidCgiResponseException(
                "invalid CGI response: the program wrote more than " + stdout.limit() + " bytes to standard output,"
                        + " the function's max-response-body plus max-response-header-bytes");
    }

    /** Logs what is left of standard error without a final line feed. */
    @Override
    public void close() {
        stderr.close();
    }
}

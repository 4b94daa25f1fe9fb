package dev.edgehost.host.capability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The WASI state of the request an instance serves now: its process and clock, which of the three
 * descriptors it closed, how far it read standard input, and its arguments and environment as
 * bytes, made when first asked for. The WASI functions are made once per instance; this state
 * begins afresh whenever a call finds a new request's {@link GuestCapabilities}, so nothing of one
 * request is seen by the next. Used by the one thread that runs the instance's request.
 */
final class WasiRequest {
    private final CurrentRequest current;
    private GuestCapabilities of;
    private List<byte[]> args;
    private List<byte[]> environment;
    /** Which of standard input, output and error the guest has not closed. */
    final boolean[] open = new boolean[WasiDescriptors.STDERR + 1];
    /** How many bytes of standard input the guest has read. */
    int stdinPosition;

    WasiRequest(CurrentRequest current) {
        this.current = current;
    }

    /** The capabilities of the request running now, its WASI state begun afresh if it is a new one. */
    GuestCapabilities enter() {
        GuestCapabilities now = current.capabilities();
        if (now != of) {
            of = now;
            args = null;
            environment = null;
            Arrays.fill(open, true);
            stdinPosition = 0;
        }
        return now;
    }

    WasiProcess process() {
        return of.wasi();
    }

    EnvironmentCapability clock() {
        return of.environment();
    }

    /** The arguments as UTF-8, the program's name first. */
    List<byte[]> args() {
        if (args == null) {
            args = new ArrayList<>();
            for (String arg : process().args()) {
                args.add(arg.getBytes(StandardCharsets.UTF_8));
            }
        }
        return args;
    }

    /** The environment as {@code NAME=VALUE} in UTF-8, in order. */
    List<byte[]> environment() {
        if (environment == null) {
            environment = new ArrayList<>();
            for (Map.Entry<String, String> variable : process().environment()) {
                environment.add((variable.getKey() + "=" + variable.getValue()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return environment;
    }
}

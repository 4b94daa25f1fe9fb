package dev.edgehost.host.capability;

import java.util.List;
import java.util.Map;

/**
 * What a WASI program sees of its process during one request: its arguments, its environment, its
 * standard input, and where its standard output and error go. Immutable but for the sinks.
 *
 * @param args the arguments, the program name (the function's name) first
 * @param environment {@code NAME=VALUE} pairs, in order
 * @param stdin the bytes file descriptor 0 reads, then end of file
 * @param stdout where writes to file descriptor 1 go
 * @param stderr where writes to file descriptor 2 go
 */
public record WasiProcess(
        List<String> args,
        List<Map.Entry<String, String>> environment,
        byte[] stdin,
        OutputSink stdout,
        OutputSink stderr) {}

package dev.edgehost.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

/**
 * A serial {@link EdgeHost#handle} of the hello sample, in process, measured two ways per batch:
 * wall time per request, and the CPU time the whole process (every host thread: the caller, which
 * runs the guest while a worker's place is free, the access log's writer, the deadline watchdog,
 * GC and JIT) spent per request. On a machine shared with other work the wall time also measures
 * waiting for a core; the CPU time is what the host itself costs, and compares two builds run one
 * after the other. Arguments: batches (default 7) and requests per batch (default 50,000).
 */
public final class HandleCpuReport {
    private HandleCpuReport() {}

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (EdgeHost host = EdgeHost.builder().build()) {
            host.deploy("hello", UploadBenchmark.read("/samples/wat/hello.wasm"), FunctionSettings.defaults());
            URI url = URI.create("http://localhost/hello");
            for (int i = 0; i < 4 * perBatch; i++) {
                host.handle(EdgeRequest.builder("GET", url).build());
            }
            double[] wall = new double[batches];
            double[] cpu = new double[batches];
            for (int b = 0; b < batches; b++) {
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int i = 0; i < perBatch; i++) {
                    host.handle(EdgeRequest.builder("GET", url).build());
                }
                wall[b] = (System.nanoTime() - start) / 1e3 / perBatch;
                cpu[b] = (os.getProcessCpuTime() - cpuStart) / 1e3 / perBatch;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "serial handle() of hello: wall %.2f µs (%.2f..%.2f), process CPU %.2f µs (%.2f..%.2f) per request;"
                            + " %d batches of %d; load average %.2f%n",
                    wall[batches / 2], wall[0], wall[batches - 1], cpu[batches / 2], cpu[0], cpu[batches - 1], batches, perBatch,
                    os.getSystemLoadAverage());
        }
    }
}

package dev.edgehost.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chaos report's attackers, in a process of their own, as real attackers are other clients
 * than the users they crowd out: a client each hammers one hostile guest, more trickle request
 * bodies a byte every 50 ms. With one HTTP client for both, its one selector thread parsed the
 * hostile 10 MiB responses and header floods before the well-behaved functions' answers, and the
 * report measured its own client as much as the host. Not thread-safe: one per process.
 */
final class HostileClients implements AutoCloseable {
    private static final String STARTED = "STARTED";
    private static final String STATUS = "STATUS ";
    private static final String CONNECTIONS = "CONNECTIONS ";
    private static final String CPU = "CPU ";

    private final Process process;
    private final BufferedReader output;

    private HostileClients(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the attackers' process against the host's port and returns once they all run. */
    static HostileClients start(int port, List<String> guests, int slowBodyClients) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HostileClients.class.getName(), String.valueOf(port),
                String.valueOf(slowBodyClients)));
        command.addAll(guests);
        HostileClients clients = new HostileClients(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        for (String line = clients.output.readLine(); !STARTED.equals(line); line = clients.output.readLine()) {
            if (line == null) {
                throw new IOException("the hostile clients' process ended before it started");
            }
        }
        return clients;
    }

    /** What the attackers did until they were stopped: requests by guest and status, and slow-body connections. */
    record Result(Map<String, Map<Integer, Long>> byGuest, long slowBodyConnections, long cpuMillis) {
        long requests() {
            return byGuest.values().stream().flatMap(statuses -> statuses.values().stream()).mapToLong(Long::longValue).sum();
        }
    }

    /** Stops the attackers and reads what they did. */
    Result stop() throws IOException, InterruptedException {
        process.getOutputStream().close();
        Map<String, Map<Integer, Long>> byGuest = new TreeMap<>();
        long connections = 0;
        long cpuMillis = -1;
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.startsWith(STATUS)) {
                String[] fields = line.substring(STATUS.length()).split(" ");
                byGuest.computeIfAbsent(fields[0], guest -> new TreeMap<>()).put(Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
            } else if (line.startsWith(CONNECTIONS)) {
                connections = Long.parseLong(line.substring(CONNECTIONS.length()));
            } else if (line.startsWith(CPU)) {
                cpuMillis = Long.parseLong(line.substring(CPU.length()));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("the hostile clients' process failed");
        }
        return new Result(byGuest, connections, cpuMillis);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The attackers' process: arguments are the host's port, the slow-body clients and the guests; stdin's end stops it. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int slowBodyClients = Integer.parseInt(args[1]);
        List<String> guests = List.of(args).subList(2, args.length);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService attackers = Executors.newFixedThreadPool(guests.size() + slowBodyClients);
        Map<String, Map<Integer, Long>> byGuest = new TreeMap<>();
        for (String guest : guests) {
            Map<Integer, Long> statuses = new ConcurrentSkipListMap<>();
            byGuest.put(guest, statuses);
            attackers.submit(() -> hammer(client, URI.create("http://127.0.0.1:" + port + "/" + guest), running, statuses));
        }
        List<Future<Long>> slowBodies = new ArrayList<>();
        for (int i = 0; i < slowBodyClients; i++) {
            slowBodies.add(attackers.submit(() -> trickleBody(port, running)));
        }
        System.out.println(STARTED);
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        running.set(false);
        attackers.shutdown();
        if (!attackers.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hostile clients did not stop");
        }
        long connections = 0;
        for (Future<Long> slowBody : slowBodies) {
            connections += slowBody.get();
        }
        byGuest.forEach((guest, statuses) -> statuses.forEach((status, count) -> System.out.println(STATUS + guest + " " + status + " " + count)));
        System.out.println(CONNECTIONS + connections);
        // Read by the process itself: once it has ended, its parent may no longer be told.
        System.out.println(CPU + ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
        System.out.flush();
    }

    private static void hammer(HttpClient client, URI uri, AtomicBoolean running, Map<Integer, Long> statuses) {
        while (running.get()) {
            statuses.merge(get(client, uri), 1L, Long::sum);
        }
    }

    private static int get(HttpClient client, URI uri) {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    /** A request whose declared body arrives a byte every 50 ms, on one connection after another. */
    private static long trickleBody(int port, AtomicBoolean running) {
        long connections = 0;
        while (running.get()) {
            connections++;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 200 && running.get(); i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                // The host may close a connection it no longer wants; the next one starts over.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return connections;
            }
        }
        return connections;
    }
}

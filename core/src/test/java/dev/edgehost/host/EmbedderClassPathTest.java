package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.TestGuests;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What an application that depends on edge-core alone gets: the class path Maven resolves for it
 * at run time (written by the build to {@code target/runtime-classpath.txt}) holds no server, no
 * Redis client and no CLI, and a host built from that class path alone deploys and runs a guest.
 */
class EmbedderClassPathTest {
    private static final List<String> FORBIDDEN =
            List.of("io/undertow/", "io/lettuce/", "io/netty/", "picocli/", "io/micrometer/", "org/xnio/", "jakarta/servlet/");

    @Test
    void runtimeClassPath_hasNoServerRedisClientOrCli() throws IOException {
        for (Path entry : runtimeClassPath()) {
            if (Files.isDirectory(entry)) {
                continue;
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    for (String forbidden : FORBIDDEN) {
                        assertFalse(name.startsWith(forbidden), entry.getFileName() + " brings " + name + " onto an embedder's class path");
                    }
                }
            }
        }
    }

    @Test
    void hostOnTheCoreClassPathAlone_deploysAndRunsAGuest() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of("target", "classes").toUri().toURL());
        for (Path entry : runtimeClassPath()) {
            urls.add(entry.toUri().toURL());
        }
        // The platform loader as parent: nothing of the test's own class path leaks in.
        try (URLClassLoader embedder = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.undertow.Undertow", false, embedder));
            Class<?> hostType = Class.forName("dev.edgehost.host.EdgeHost", true, embedder);
            Object builder = hostType.getMethod("builder").invoke(null);
            Object host = builder.getClass().getMethod("build").invoke(builder);
            try {
                Class<?> settingsType = Class.forName("dev.edgehost.host.FunctionSettings", true, embedder);
                Object defaults = settingsType.getMethod("defaults").invoke(null);
                hostType.getMethod("deploy", String.class, byte[].class, settingsType)
                        .invoke(host, "hello", TestGuests.sample("hello"), defaults);
                Class<?> requestType = Class.forName("dev.edgehost.host.EdgeRequest", true, embedder);
                Object requestBuilder =
                        requestType.getMethod("builder", String.class, URI.class).invoke(null, "GET", URI.create("http://localhost/hello"));
                Object request = requestBuilder.getClass().getMethod("build").invoke(requestBuilder);
                Object response = hostType.getMethod("handle", requestType).invoke(host, request);
                Method status = response.getClass().getMethod("status");
                Method body = response.getClass().getMethod("body");
                assertEquals(200, status.invoke(response));
                assertEquals("Hello from the edge!\n", new String((byte[]) body.invoke(response), StandardCharsets.UTF_8));
            } finally {
                ((AutoCloseable) host).close();
            }
        }
    }

    private static List<Path> runtimeClassPath() throws IOException {
        Path file = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.exists(file), "the build writes " + file + " (maven-dependency-plugin, build-classpath)");
        List<Path> entries = new ArrayList<>();
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry));
            }
        }
        return entries;
    }
}

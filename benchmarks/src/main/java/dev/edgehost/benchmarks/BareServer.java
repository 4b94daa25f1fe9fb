package dev.edgehost.benchmarks;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.xnio.Options;

/** The baseline of the end-to-end benchmark: Undertow answering fixed bytes from its IO thread. */
final class BareServer implements AutoCloseable {
    private final Undertow undertow;

    BareServer(byte[] body, String contentType) {
        this.undertow =
                Undertow.builder()
                        .addHttpListener(0, "127.0.0.1")
                        // Named apart from the host's Undertow threads, so that reports can tell their CPU time apart.
                        .setWorkerOption(Options.WORKER_NAME, "origin")
                        .setHandler(
                                exchange -> {
                                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
                                    exchange.getResponseSender().send(ByteBuffer.wrap(body));
                                })
                        .build();
        undertow.start();
    }

    int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}

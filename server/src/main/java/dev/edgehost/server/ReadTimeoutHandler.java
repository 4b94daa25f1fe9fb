package dev.edgehost.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Closes the connection of a request whose body has not arrived in full within the read timeout
 * after its headers, so that a client trickling its body a byte at a time holds its connection and
 * what it sent for a bounded time only. The headers have their own bound of the same length,
 * Undertow's request parse timeout. Once the body is in, the request may take as long as its
 * function's deadline allows.
 */
final class ReadTimeoutHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReadTimeoutHandler.class);

    private final long timeoutMillis;
    private final HttpHandler next;

    ReadTimeoutHandler(long timeoutMillis, HttpHandler next) {
        this.timeoutMillis = timeoutMillis;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.isRequestComplete()) {
            // The timer runs on the connection's IO thread, where the body is read too.
            XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() -> expire(exchange), timeoutMillis, TimeUnit.MILLISECONDS);
            exchange.addExchangeCompleteListener(
                    (ex, nextListener) -> {
                        timer.remove();
                        nextListener.proceed();
                    });
        }
        next.handleRequest(exchange);
    }

    private void expire(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete()) {
            LOG.debug("closing the connection from {}: its request body took longer than {} ms", exchange.getSourceAddress(), timeoutMillis);
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}

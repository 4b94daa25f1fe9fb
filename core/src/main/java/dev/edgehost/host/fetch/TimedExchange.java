package dev.edgehost.host.fetch;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request and its whole response, headers and body, within one time limit: when the time is up
 * or the waiting thread is interrupted, the exchange is cancelled and the origin's connection
 * dropped, however slowly the origin was still sending.
 */
final class TimedExchange {

    private TimedExchange() {}

    /**
     * @throws TimeoutException when the whole response has not arrived within {@code waitNanos}
     * @throws IOException when the exchange failed, or the body is over {@code maxBodyBytes}
     * @throws InterruptedException when the thread was interrupted while waiting
     */
    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, long maxBodyBytes, long waitNanos)
            throws IOException, InterruptedException, TimeoutException {
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> response =
                client.sendAsync(
                        request,
                        info -> {
                            BoundedBody subscriber = new BoundedBody(maxBodyBytes);
                            body.set(subscriber);
                            return subscriber;
                        });
        try {
            return response.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            response.cancel(true);
            BoundedBody started = body.get();
            if (started != null) {
                started.cancel();
            }
            throw e;
        }
    }
}

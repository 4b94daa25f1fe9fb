package dev.edgehost.host.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;

/**
 * Hands a subrequest's answer to the fetch's {@link StreamedResponse} as the HTTP client would
 * hand it an origin's response, so that the guest reads it, and the response limit applies to it,
 * as to any other. Thread-safe: no state.
 */
final class SelfResponse {
    private static final FutureCallback<Void> IGNORED =
            new FutureCallback<>() {
                @Override
                public void completed(Void result) {}

                @Override
                public void failed(Exception cause) {}

                @Override
                public void cancelled() {}
            };

    private SelfResponse() {}

    static void deliver(SelfDispatch.Answer answer, Throwable failure, StreamedResponse response) {
        if (failure != null) {
            response.failed(failure instanceof Exception ? (Exception) failure : new IOException(failure));
            return;
        }
        BasicHttpResponse head = new BasicHttpResponse(answer.status());
        for (Map.Entry<String, String> header : answer.headers()) {
            head.addHeader(header.getKey(), header.getValue());
        }
        byte[] body = answer.body();
        try {
            response.consumeResponse(head, body.length == 0 ? null : new BasicEntityDetails(body.length, null), null, IGNORED);
            if (body.length > 0) {
                response.consume(ByteBuffer.wrap(body));
                response.streamEnd(List.of());
            }
        } catch (IOException e) {
            response.failed(e);
        }
    }
}

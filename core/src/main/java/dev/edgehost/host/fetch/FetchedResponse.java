package dev.edgehost.host.fetch;

import dev.edgehost.host.capability.BodyReader;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.capability.HeaderBlock;
import java.util.List;
import java.util.Map;

/** A fetch response received in full, read by the guest through its handle. */
final class FetchedResponse implements FetchResponse {
    private final int status;
    private final HeaderBlock headers;
    private final BodyReader body;

    FetchedResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        this.status = status;
        this.headers = new HeaderBlock(headers);
        this.body = new BodyReader(body);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    @Override
    public String headerLines() {
        return headers.lines();
    }

    @Override
    public int readBody(byte[] target, int offset, int length) {
        return body.read(target, offset, length);
    }
}

package dev.edgehost.host;

import java.util.List;
import java.util.Map;

/**
 * What a guest answered to an {@link EdgeRequest}, with what it cost. Immutable.
 *
 * @param headers header names (lower case) and values in the order the guest set them
 * @param fuelUsed the fuel the request used (ABI spec §8.1)
 * @param serverTiming the {@code server-timing} header for the response: instantiation and
 *     execution time, and the fuel used
 */
public record EdgeResponse(
        int status,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String requestId,
        long fuelUsed,
        String serverTiming) {

    public EdgeResponse {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** All values of a header joined by {@code ", "}, or {@code null}. */
    public String header(String name) {
        String joined = null;
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                joined = joined == null ? header.getValue() : joined + ", " + header.getValue();
            }
        }
        return joined;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}

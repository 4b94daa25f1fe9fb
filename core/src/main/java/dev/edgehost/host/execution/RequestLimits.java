package dev.edgehost.host.execution;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.HeadersTooLargeException;
import dev.edgehost.host.RequestTooLargeException;
import java.util.List;
import java.util.Map;

/** The request limits of a function (ABI spec §8), checked before any guest code runs. */
public final class RequestLimits {

    private RequestLimits() {}

    /** @throws HeadersTooLargeException when the request has too many headers or header bytes */
    public static void checkHeaders(FunctionLimits limits, List<Map.Entry<String, String>> headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length();
        }
        if (headers.size() > limits.maxRequestHeaders() || bytes > limits.maxRequestHeaderBytes()) {
            throw new HeadersTooLargeException(
                    "the request has " + headers.size() + " headers of " + bytes + " bytes; the function accepts at most "
                            + limits.maxRequestHeaders() + " headers of " + limits.maxRequestHeaderBytes() + " bytes");
        }
    }

    /** @throws RequestTooLargeException when the body is larger than the function accepts */
    public static void checkBody(FunctionLimits limits, long length) {
        if (length > limits.maxRequestBodyBytes()) {
            throw new RequestTooLargeException(bodyTooLarge(limits));
        }
    }

    public static String bodyTooLarge(FunctionLimits limits) {
        return "the request body is larger than the function's limit of " + limits.maxRequestBodyBytes() + " bytes";
    }
}

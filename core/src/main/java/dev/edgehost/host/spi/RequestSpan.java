package dev.edgehost.host.spi;

/**
 * The trace span of one function request, from a {@link RequestTracer}. Used by the request's
 * worker only; its methods must be quick and must never block or throw.
 */
public interface RequestSpan {

    /** The span of a request that is not traced: every method does nothing. */
    RequestSpan NONE = new RequestSpan() {
        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public Fetch fetch(String method, String url) {
            return null;
        }

        @Override
        public void kv(String operation, String store, String outcome, long startEpochNanos, long durationNanos) {}

        @Override
        public void log(FunctionLogListener.LogLine line) {}

        @Override
        public void end(RequestRecord record) {}
    };

    /** This span's W3C {@code traceparent}: its trace id and its own span id; {@code null} for {@link #NONE}. */
    String traceparent();

    /**
     * A child span for one outbound fetch, started now.
     *
     * @param url the URL without its query or fragment
     */
    Fetch fetch(String method, String url);

    /**
     * One key-value call, a child span of this request; the key and value are never told.
     *
     * @param operation {@code get}, {@code set}, {@code delete}, {@code increment} or {@code list}
     * @param store the namespace's store: the shared store's name, or the function's own
     * @param outcome {@code hit}, {@code miss}, {@code ok}, {@code deleted}, {@code absent}, or the
     *     ABI error code ({@code upstream_failure}, ...) in lower case
     */
    void kv(String operation, String store, String outcome, long startEpochNanos, long durationNanos);

    /** A line of the function's log, the guest's own or the host's note on the request. */
    void log(FunctionLogListener.LogLine line);

    /** The request is finished: what it was and cost. */
    void end(RequestRecord record);

    /** The span of one outbound fetch. */
    interface Fetch {

        /** The {@code traceparent} the fetch sends: this fetch span's own context. */
        String traceparent();

        /**
         * The fetch is done.
         *
         * @param status the origin's status, or 0 when it did not answer
         * @param error the ABI error code in lower case when the fetch failed, else {@code null}
         */
        void end(int status, String error);
    }
}

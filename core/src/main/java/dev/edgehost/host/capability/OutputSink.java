package dev.edgehost.host.capability;

/** Where a WASI program's output stream goes, one write at a time. Used by one request's thread only. */
@FunctionalInterface
public interface OutputSink {

    /**
     * Takes {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @return how many bytes were taken; fewer than {@code length} when the stream's limit is reached
     */
    int write(byte[] bytes, int offset, int length);
}

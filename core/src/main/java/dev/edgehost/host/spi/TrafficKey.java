package dev.edgehost.host.spi;

/** The kinds of sticky key a {@link Traffic} split may use. */
public final class TrafficKey {
    /** {@code cookie:NAME}: the value of a request cookie. */
    public static final String COOKIE = "cookie:";
    /** {@code header:NAME}: the value of a request header. */
    public static final String HEADER = "header:";
    /** The client's address, as the host determined it ({@code x-edge-client-ip}). */
    public static final String CLIENT_IP = "client-ip";

    private TrafficKey() {}
}

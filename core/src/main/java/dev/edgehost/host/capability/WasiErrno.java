package dev.edgehost.host.capability;

/** The WASI preview1 error numbers the host's WASI functions return (witx {@code errno}). */
final class WasiErrno {
    static final int SUCCESS = 0;
    static final int BADF = 8;
    static final int INVAL = 28;
    static final int IO = 29;
    static final int NOSYS = 52;
    static final int NOTDIR = 54;
    static final int NOTSUP = 58;
    static final int SPIPE = 70;

    private WasiErrno() {}
}

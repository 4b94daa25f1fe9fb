package dev.edgehost.abi;

/** Module-level names of ABI v1: the shape every guest module must have (SPEC.md §2). */
public final class Abi {

    /** The ABI version this contract describes. */
    public static final int VERSION = 1;

    /** Import module of every host function of this ABI. */
    public static final String IMPORT_MODULE = "edge";

    /** Import module of the WASI preview1 functions the host also offers (SPEC.md §7). */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    /** The guest's linear memory export, through which all byte strings pass. */
    public static final String EXPORT_MEMORY = "memory";

    /** The guest's request entry point, {@code [] -> []}. */
    public static final String EXPORT_HANDLE = "handle";

    /** Optional export the host calls once per instance before {@link #EXPORT_HANDLE}. */
    public static final String EXPORT_INITIALIZE = "_initialize";

    /** The entry point of a WASI command, {@code [] -> []}: what CGI mode runs instead of {@link #EXPORT_HANDLE}. */
    public static final String EXPORT_START = "_start";

    /**
     * Optional entry point of a scheduled run, {@code [] -> []} (SPEC.md §2.4); a module without it
     * gets its scheduled runs in {@link #EXPORT_HANDLE}, with the request method {@code SCHEDULED}.
     */
    public static final String EXPORT_SCHEDULED = "scheduled";

    /** Size of a Wasm page in bytes; memory limits are counted in pages. */
    public static final int PAGE_SIZE = 65_536;

    /** The most bytes one {@code random_fill} call may ask for (SPEC.md §6.4). */
    public static final int RANDOM_FILL_MAX = 65_536;

    private Abi() {}
}

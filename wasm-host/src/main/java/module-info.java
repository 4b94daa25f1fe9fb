/** The edge-host command: serves functions, and manages a running host's functions through its admin API. */
module dev.edgehost.cli {
    requires dev.edgehost.server;
    requires info.picocli;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    opens dev.edgehost.cli to info.picocli;
}

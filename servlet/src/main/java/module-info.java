/** Serves the functions of an edge host from a Jakarta Servlet container. */
module dev.edgehost.servlet {
    requires transitive dev.edgehost.host;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.edgehost.servlet;
}

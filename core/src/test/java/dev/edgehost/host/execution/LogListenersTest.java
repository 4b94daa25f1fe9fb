package dev.edgehost.host.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogListenersTest {
    private static final List<String> URLS = List.of(
            "http://127.0.0.1:8080/hello",
            "http://127.0.0.1:8080/hello?name=a&b=c",
            "https://edge.example.com/api/v1/items/42#top",
            "http://localhost",
            "http://localhost?x=1",
            "http://localhost#frag",
            "http://localhost/",
            "http:///no-authority",
            "http://user:pw@host:81/a%20b/c?d=%2F",
            "http://host/a%zzb",
            "http://host/a%2",
            "http://host/a b",
            "http://host/a|b?c",
            "http://host/caf\u00e9",
            "http://[::1]:8080/v6/path",
            "http://host/a#b#c",
            "http://host:abc/x",
            "http://host/;params;x=1/y",
            "ftp://host/file",
            "/relative/path?q",
            "not a url?q");

    @Test
    void path_anyUrl_isWhatParsingItAsUriGave() {
        for (String url : URLS) {
            assertEquals(byUri(url), LogListeners.path(url), url);
        }
    }

    /** The path as it was taken before: the URI's raw path, or the URL up to its query when it is no URI. */
    private static String byUri(String url) {
        try {
            String path = new URI(url).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (URISyntaxException e) {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
    }
}

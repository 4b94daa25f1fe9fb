package dev.edgehost.geoip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.spi.ClientLocation;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups in City and ASN databases the tests write in the MaxMind DB format. */
class MaxMindLocatorTest {
    @TempDir
    Path dir;

    static Map<String, Object> paris() {
        return Map.of(
                "country", Map.of("iso_code", "FR", "names", Map.of("en", "France")),
                "subdivisions", List.of(Map.of("iso_code", "IDF", "names", Map.of("en", "Ile-de-France"))),
                "city", Map.of("names", Map.of("en", "Paris", "fr", "Paris")),
                "location", Map.of("latitude", 48.8566, "longitude", 2.3522, "time_zone", "Europe/Paris"));
    }

    static Path cityDatabase(Path dir) throws Exception {
        return Files.write(dir.resolve("city.mmdb"), new MmdbWriter("GeoLite2-City")
                .add("203.0.113.0/24", paris())
                .add("198.51.100.0/25", Map.of("country", Map.of("iso_code", "JP")))
                .write());
    }

    static Path asnDatabase(Path dir) throws Exception {
        return Files.write(dir.resolve("asn.mmdb"), new MmdbWriter("GeoLite2-ASN")
                .add("203.0.113.0/24", Map.of("autonomous_system_number", 64_496L, "autonomous_system_organization", "Example"))
                .write());
    }

    @Test
    void locate_addressInTheCityAndAsnDatabases_isItsCountryRegionCityPlaceZoneAndAsn() throws Exception {
        try (MaxMindLocator locator = MaxMindLocator.open(cityDatabase(dir), asnDatabase(dir))) {
            assertEquals(Optional.of(new ClientLocation("FR", "IDF", "Paris", 48.8566, 2.3522, "Europe/Paris", 64_496L)),
                    locator.locate(InetAddress.getByName("203.0.113.7")));
            assertEquals(Optional.of(new ClientLocation("JP", null, null, null, null, null, null)),
                    locator.locate(InetAddress.getByName("198.51.100.127")));
        }
    }

    @Test
    void locate_addressNotInTheDatabase_isEmpty() throws Exception {
        try (MaxMindLocator locator = MaxMindLocator.open(cityDatabase(dir), null)) {
            assertEquals(Optional.empty(), locator.locate(InetAddress.getByName("198.51.100.128")));
            assertEquals(Optional.empty(), locator.locate(InetAddress.getByName("2001:db8::1")), "IPv6 in an IPv4 database");
        }
    }

    @Test
    void open_missingFileOrOtherFileOrOtherKindOfDatabase_isRefusedClearly() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MaxMindLocator.open(dir.resolve("none.mmdb"), null));
        assertTrue(missing.getMessage().startsWith("no such file: "), missing.getMessage());
        Path text = Files.writeString(dir.resolve("text.mmdb"), "not a database");
        IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class, () -> MaxMindLocator.open(text, null));
        assertTrue(notOne.getMessage().startsWith(text + " is not a MaxMind database: "), notOne.getMessage());
        IllegalArgumentException asnAsCity = assertThrows(IllegalArgumentException.class,
                () -> MaxMindLocator.open(asnDatabase(dir), null));
        assertEquals(dir.resolve("asn.mmdb") + " is a GeoLite2-ASN database, not City or Country", asnAsCity.getMessage());
    }
}

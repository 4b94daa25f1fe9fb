package dev.edgehost.host.spi;

/**
 * What a {@link ClientLocator} knows of an address; each part {@code null} when unknown.
 *
 * @param country ISO 3166-1 alpha-2 code, such as {@code FR}
 * @param region ISO 3166-2 subdivision code without the country, such as {@code IDF}
 * @param city the city's English name
 * @param latitude degrees north
 * @param longitude degrees east
 * @param timeZone IANA time zone, such as {@code Europe/Paris}
 * @param asn the autonomous system number of the network
 */
public record ClientLocation(
        String country, String region, String city, Double latitude, Double longitude, String timeZone, Long asn) {}

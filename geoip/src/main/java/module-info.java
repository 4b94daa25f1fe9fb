/** Client geolocation for the edge host, from MaxMind databases. */
module dev.edgehost.geoip {
    requires transitive dev.edgehost.host;
    requires com.maxmind.db;

    exports dev.edgehost.geoip;
}

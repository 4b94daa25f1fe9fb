package dev.edgehost.geoip;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small IPv4 databases in the MaxMind DB format (the public specification, version 2.0),
 * so that tests have a database of their own: a search tree of 24-bit records, the data section,
 * and the metadata. Values are strings, doubles, longs (written as uint32), maps and lists.
 */
final class MmdbWriter {
    private static final byte[] METADATA_START = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    private record Network(byte[] address, int prefix, Map<String, Object> data) {}

    private final String databaseType;
    private final List<Network> networks = new ArrayList<>();

    MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    MmdbWriter add(String cidr, Map<String, Object> data) throws UnknownHostException {
        String[] parts = cidr.split("/");
        networks.add(new Network(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), data));
        return this;
    }

    byte[] write() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<long[]> nodes = new ArrayList<>();
        // A record is a node index, or -1 for no data, or -(2 + offset) for data at an offset.
        nodes.add(new long[] {-1, -1});
        for (Network network : networks) {
            long pointer = -(2 + data.size());
            data.writeBytes(encode(network.data()));
            int node = 0;
            for (int bit = 0; bit < network.prefix(); bit++) {
                int side = (network.address()[bit / 8] >> (7 - bit % 8)) & 1;
                if (bit == network.prefix() - 1) {
                    nodes.get(node)[side] = pointer;
                } else if (nodes.get(node)[side] >= 0) {
                    node = (int) nodes.get(node)[side];
                } else {
                    nodes.add(new long[] {-1, -1});
                    nodes.get(node)[side] = nodes.size() - 1;
                    node = nodes.size() - 1;
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (long[] node : nodes) {
            for (long record : node) {
                long value = record >= 0 ? record : record == -1 ? nodeCount : nodeCount + 16 + (-record - 2);
                file.write((int) (value >> 16) & 0xFF);
                file.write((int) (value >> 8) & 0xFF);
                file.write((int) value & 0xFF);
            }
        }
        file.writeBytes(new byte[16]);
        file.writeBytes(data.toByteArray());
        file.writeBytes(METADATA_START);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", BigInteger.valueOf(1_700_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "a test database"));
        metadata.put("ip_version", new Uint16(4));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", new Uint16(24));
        file.writeBytes(encode(metadata));
        return file.toByteArray();
    }

    private record Uint16(int value) {}

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof Double number) {
            control(out, 3, 8);
            long bits = Double.doubleToLongBits(number);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >> shift) & 0xFF);
            }
        } else if (value instanceof Uint16 number) {
            control(out, 5, 2);
            out.write(number.value() >> 8);
            out.write(number.value() & 0xFF);
        } else if (value instanceof Long number) {
            control(out, 6, 4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (number >> shift) & 0xFF);
            }
        } else if (value instanceof BigInteger number) {
            control(out, 9, 8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (number.longValue() >> shift) & 0xFF);
            }
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            map.forEach((key, entry) -> {
                out.writeBytes(encode(key));
                out.writeBytes(encode(entry));
            });
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            list.forEach(element -> out.writeBytes(encode(element)));
        } else {
            throw new IllegalArgumentException("no MaxMind DB type for " + value);
        }
        return out.toByteArray();
    }

    /** The control byte, the extended type's byte for types past 7, then the size's extra bytes. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        int sizeBits = size < 29 ? size : size < 285 ? 29 : 30;
        out.write(((type <= 7 ? type : 0) << 5) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            out.write((size - 285) >> 8);
            out.write((size - 285) & 0xFF);
        }
    }
}

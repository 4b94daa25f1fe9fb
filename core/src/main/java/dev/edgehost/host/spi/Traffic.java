package dev.edgehost.host.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which versions of a function serve which requests: rules that pin a version for matching
 * requests, checked in order, then a split of the rest by percent, assigned by a hash of a sticky
 * key or, without one, at random. Immutable, so thread-safe.
 *
 * @param split the shares of the requests no rule matches; their percents add up to 100
 * @param sticky what keeps a client on one version: {@code cookie:NAME}, {@code header:NAME},
 *     {@code client-ip}, or {@code null} to spread requests at random
 * @param rules requests whose header has a value that pin a version, first match wins
 */
public record Traffic(List<Share> split, String sticky, List<Rule> rules) {

    public Traffic {
        split = List.copyOf(split);
        rules = List.copyOf(rules);
    }

    /** All requests to one version. */
    public static Traffic all(int version) {
        return new Traffic(List.of(new Share(version, 100)), null, List.of());
    }

    /** Every version this traffic sends requests to, split first, in order. */
    public Set<Integer> versions() {
        Set<Integer> versions = new LinkedHashSet<>();
        split.forEach(share -> versions.add(share.version()));
        rules.forEach(rule -> versions.add(rule.version()));
        return versions;
    }

    /** The version with the largest share: the one whose settings stand for the function. */
    public int main() {
        List<Share> shares = new ArrayList<>(split);
        shares.sort((a, b) -> Integer.compare(b.percent(), a.percent()));
        return shares.get(0).version();
    }

    /** A version's share of the requests. */
    public record Share(int version, int percent) {}

    /** Requests whose header {@code header} (any case) has exactly the value {@code equals} go to {@code version}. */
    public record Rule(String header, String equals, int version) {

        public Rule {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(equals, "equals");
        }
    }
}

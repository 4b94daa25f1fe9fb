package dev.edgehost.host.spi;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kept versions of one function and how its traffic is shared between them. Immutable, so
 * thread-safe: every change makes a new history, stored in one write.
 *
 * @param versions newest first
 * @param serving the version a deploy or rollback made serve; its settings stand for the function
 * @param traffic how requests are shared, or {@code null} for all of them to {@code serving}
 */
public record FunctionHistory(List<FunctionVersion> versions, int serving, Traffic traffic) {

    public FunctionHistory {
        versions = List.copyOf(versions);
        int current = serving;
        if (versions.stream().noneMatch(version -> version.number() == current)) {
            throw new IllegalArgumentException("the serving version " + serving + " is not kept");
        }
    }

    /** The history of a function recorded before versions existed: it is version 1. */
    public static FunctionHistory first(String sha256, FunctionKind kind, FunctionSettings settings, Instant deployedAt) {
        return new FunctionHistory(
                List.of(new FunctionVersion(1, sha256, kind, settings, deployedAt, FunctionVersion.UNKNOWN_DEPLOYER)), 1, null);
    }

    /** The number the next deploy gets. */
    public int nextNumber() {
        return versions.get(0).number() + 1;
    }

    public Optional<FunctionVersion> version(int number) {
        return versions.stream().filter(version -> version.number() == number).findFirst();
    }

    /** The version {@link #serving} names. */
    public FunctionVersion servingVersion() {
        return version(serving).orElseThrow();
    }

    /** The traffic in effect: {@link #traffic}, or all of it to the serving version. */
    public Traffic effectiveTraffic() {
        return traffic == null ? Traffic.all(serving) : traffic;
    }

    /** Every version requests go to now. */
    public Set<Integer> servingVersions() {
        return effectiveTraffic().versions();
    }

    /**
     * This history with a new version: serving alone when {@code moveTraffic}, else kept beside
     * the traffic as it is; versions beyond the newest {@code keep} go unless traffic points at them.
     */
    public FunctionHistory deployed(FunctionVersion version, boolean moveTraffic, int keep) {
        List<FunctionVersion> all = new ArrayList<>();
        all.add(version);
        all.addAll(versions);
        return moveTraffic
                ? new FunctionHistory(all, version.number(), null).pruned(keep)
                : new FunctionHistory(all, serving, traffic).pruned(keep);
    }

    /** This history with {@code number} serving all requests again. */
    public FunctionHistory rolledBackTo(int number) {
        return new FunctionHistory(versions, number, null);
    }

    /** This history with the traffic shared as {@code shared}; its main version serves. */
    public FunctionHistory withTraffic(Traffic shared) {
        return new FunctionHistory(versions, shared.main(), shared);
    }

    /** The newest {@code keep} versions and every version traffic points at. */
    public FunctionHistory pruned(int keep) {
        Set<Integer> served = servingVersions();
        List<FunctionVersion> kept = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            FunctionVersion version = versions.get(i);
            if (i < keep || served.contains(version.number())) {
                kept.add(version);
            }
        }
        return new FunctionHistory(kept, serving, traffic);
    }

    /** The newest kept version older than the serving one, if any. */
    public Optional<FunctionVersion> beforeServing() {
        return versions.stream().filter(version -> version.number() < serving).findFirst();
    }
}

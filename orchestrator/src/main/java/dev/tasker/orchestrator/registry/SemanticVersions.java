package dev.tasker.orchestrator.registry;

import java.util.Comparator;

/**
 * Orders template versions {@code MAJOR.MINOR.PATCH[-PRERELEASE]} by Semantic Versioning 2.0.0 precedence
 * (semver.org §11): numeric major, minor, patch; a pre-release is lower than its release; pre-release identifiers
 * compare numerically when both are numeric, else lexically, numeric below alphanumeric, and a shorter list of
 * otherwise equal identifiers is lower.
 */
public final class SemanticVersions {

    /** Precedence order, lowest first. */
    public static final Comparator<String> PRECEDENCE = SemanticVersions::compare;

    private SemanticVersions() {
    }

    static int compare(String a, String b) {
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        String[] ca = pa[0].split("\\.");
        String[] cb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(ca.length, cb.length); i++) {
            int c = Long.compare(i < ca.length ? Long.parseLong(ca[i]) : 0, i < cb.length ? Long.parseLong(cb[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        if (pa.length == 1 || pb.length == 1) {
            return Integer.compare(pb.length, pa.length);
        }
        String[] ia = pa[1].split("\\.");
        String[] ib = pb[1].split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            int c = compareIdentifier(ia[i], ib[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ia.length, ib.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }
}

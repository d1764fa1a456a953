package org.onboarding.entitlement.registry;

import org.onboarding.entitlement.common.ApiException;
import org.semver4j.SemverException;
import org.semver4j.range.Range;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SemVer 2.0 versions, {@code name-version} ids and npm-style dependency ranges, on top of semver4j (which parses
 * versions and turns {@code ^ ~ x - ||} ranges into comparators). This wrapper adds only what semver4j does not do
 * the way this service must (see README "Versions and ranges"): strict syntax (semver4j accepts {@code v1.0.0}, and
 * silently drops range tokens it does not understand), {@code x} meaning any version, prereleases always included,
 * and numeric prerelease identifiers of any length (semver4j compares them as {@code long}).
 */
public final class Semver implements Comparable<Semver> {

    private static final String PART = "(?:0|[1-9]\\d*|[xX*])";
    private static final String IDS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
    private static final String PARTIAL = "v?" + PART + "(?:\\." + PART + "){0,2}(?:-" + IDS + ")?(?:\\+" + IDS + ")?";
    private static final Pattern COMPARATOR = Pattern.compile("(?:>=|<=|>|<|=|\\^|~)?" + PARTIAL);
    private static final Pattern HYPHEN = Pattern.compile(PARTIAL + "\\s+-\\s+" + PARTIAL);

    private final org.semver4j.Semver version;

    private Semver(org.semver4j.Semver version) {
        this.version = version;
    }

    /** An application or module id split into name and version. */
    public record Id(String id, String name, String version) {
    }

    /** Splits at the first dash followed by a valid version, as upstream's id parsing does. */
    public static Id parseId(String id) {
        for (int dash = id == null ? -1 : id.indexOf('-'); dash > 0; dash = id.indexOf('-', dash + 1)) {
            String version = id.substring(dash + 1);
            if (isValid(version)) {
                return new Id(id, id.substring(0, dash), version);
            }
        }
        throw ApiException.invalidArgument("Invalid semantic version: source = " + id);
    }

    /** A strict SemVer 2.0 version: no {@code v} prefix, no surrounding blanks, parts that fit an int. */
    public static boolean isValid(String version) {
        return version != null && !version.isEmpty() && Character.isDigit(version.charAt(0))
                && version.strip().equals(version) && org.semver4j.Semver.isValid(version);
    }

    public static Semver parse(String version) {
        if (!isValid(version)) {
            throw ApiException.invalidArgument("Invalid semantic version: source = " + version);
        }
        return new Semver(org.semver4j.Semver.parse(version));
    }

    /** Whether {@code version} satisfies the npm-style {@code range}; prereleases are included. */
    public static boolean satisfies(String version, String range) {
        Semver v = parse(version);
        return ranges(range).get().stream()
                .anyMatch(alternative -> alternative.stream().allMatch(comparator -> v.satisfies(comparator)));
    }

    /** Whether {@code range} is a version or range {@link #satisfies} understands. */
    public static boolean isValidRange(String range) {
        if (range == null || range.isBlank()) {
            return false;
        }
        try {
            ranges(range);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static RangeList ranges(String range) {
        StringBuilder normalized = new StringBuilder();
        for (String alternative : range.split("\\|\\|", -1)) {
            String a = alternative.trim();
            boolean any = a.isEmpty() || a.equals("*") || a.equalsIgnoreCase("x");
            if (!any && !HYPHEN.matcher(a).matches()
                    && !List.of(a.split("\\s+")).stream().allMatch(t -> COMPARATOR.matcher(t).matches())) {
                throw ApiException.invalidArgument("Invalid version range: " + range);
            }
            normalized.append(normalized.isEmpty() ? "" : " || ").append(any ? "*" : a);
        }
        try {
            return RangeListFactory.create(normalized.toString(), true);
        } catch (SemverException | NumberFormatException e) {   // e.g. a part beyond int
            throw ApiException.invalidArgument("Invalid version range: " + range);
        }
    }

    private boolean satisfies(Range comparator) {
        int c = compareTo(new Semver(comparator.getRangeVersion()));
        return switch (comparator.toString().replaceAll("[^<>=]", "")) {
            case ">=" -> c >= 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case "<" -> c < 0;
            default -> c == 0;
        };
    }

    /** SemVer precedence; numeric prerelease identifiers of any length compare numerically. */
    @Override
    public int compareTo(Semver o) {
        int c = Integer.compare(version.getMajor(), o.version.getMajor());
        if (c == 0) c = Integer.compare(version.getMinor(), o.version.getMinor());
        if (c == 0) c = Integer.compare(version.getPatch(), o.version.getPatch());
        List<String> pre = version.getPreRelease();
        List<String> otherPre = o.version.getPreRelease();
        if (c != 0 || pre.isEmpty() || otherPre.isEmpty()) {
            return c != 0 ? c : Boolean.compare(pre.isEmpty(), otherPre.isEmpty());
        }
        for (int i = 0; i < Math.min(pre.size(), otherPre.size()); i++) {
            String a = pre.get(i);
            String b = otherPre.get(i);
            boolean an = a.chars().allMatch(Character::isDigit);
            boolean bn = b.chars().allMatch(Character::isDigit);
            int d = an && bn ? (a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b))
                    : an ? -1 : bn ? 1 : a.compareTo(b);
            if (d != 0) return d;
        }
        return Integer.compare(pre.size(), otherPre.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Semver s && compareTo(s) == 0;
    }

    @Override
    public int hashCode() {
        return version.withClearedBuild().hashCode();
    }

    @Override
    public String toString() {
        return version.toString();
    }
}

package org.onboarding.entitlement.registry;

import org.onboarding.entitlement.common.InvalidArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SemVer 2.0 versions, {@code name-version} ids (folio.md §7) and npm-style ranges for dependencies
 * ({@code 1.0.0}, {@code >=2.0.0 <3.0.0}, {@code 1.0.0 - 2.0.0}, {@code 1.x}, {@code ~1.2.3}, {@code ^1.2.3}, {@code ||}).
 */
public record Semver(long major, long minor, long patch, List<String> prerelease, String build) implements Comparable<Semver> {

    private static final String CORE = "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)";
    private static final String PRE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final String TAIL = "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?";
    private static final Pattern VERSION = Pattern.compile("^" + CORE + TAIL + "$");
    private static final Pattern ID = Pattern.compile("^(.+?)-(" + CORE + TAIL + ")$");

    /** An application or module id split into name and version. */
    public record Id(String id, String name, String version) {
    }

    public static Id parseId(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            throw new InvalidArgumentException("Invalid semantic version: source = " + id);
        }
        try {   // numeric parts must fit what versions are compared with
            Long.parseLong(m.group(3));
            Long.parseLong(m.group(4));
            Long.parseLong(m.group(5));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("Invalid semantic version: source = " + id);
        }
        return new Id(id, m.group(1), m.group(2));
    }

    public static boolean isValid(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    public static Semver parse(String version) {
        Matcher m = version == null ? null : VERSION.matcher(version);
        if (m == null || !m.matches()) {
            throw new InvalidArgumentException("Invalid semantic version: source = " + version);
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        try {
            return new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), pre, m.group(5));
        } catch (NumberFormatException e) {   // a part beyond Long.MAX_VALUE is a bad version, not a server error
            throw new InvalidArgumentException("Invalid semantic version: source = " + version);
        }
    }

    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
            String a = prerelease.get(i);
            String b = o.prerelease.get(i);
            boolean an = a.chars().allMatch(Character::isDigit);
            boolean bn = b.chars().allMatch(Character::isDigit);
            int d = an && bn ? compareNumeric(a, b) : an ? -1 : bn ? 1 : a.compareTo(b);
            if (d != 0) return d;
        }
        return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    /** Numeric identifiers of any length (no leading zeros in valid SemVer): longer is larger, else by digits. */
    private static int compareNumeric(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** Whether {@code version} satisfies the npm-style {@code range}; prereleases are included. */
    public static boolean satisfies(String version, String range) {
        Semver v = parse(version);
        for (String alternative : range.split("\\|\\|")) {
            if (matchesAll(v, comparators(alternative.trim()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code range} is a version or range {@link #satisfies} understands. */
    public static boolean isValidRange(String range) {
        if (range == null || range.isBlank()) {
            return false;
        }
        try {
            for (String alternative : range.split("\\|\\|")) {
                comparators(alternative.trim());
            }
            return true;
        } catch (InvalidArgumentException e) {
            return false;
        }
    }

    private record Comparator(String op, Semver bound) {
        boolean test(Semver v) {
            int c = v.compareTo(bound);
            return switch (op) {
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
        }
    }

    private static boolean matchesAll(Semver v, List<Comparator> comparators) {
        return comparators.stream().allMatch(c -> c.test(v));
    }

    private static List<Comparator> comparators(String range) {
        List<Comparator> result = new ArrayList<>();
        if (range.isEmpty() || range.equals("*") || range.equalsIgnoreCase("x")) {
            return result;
        }
        Matcher hyphen = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$").matcher(range);
        if (hyphen.matches()) {
            result.add(new Comparator(">=", partial(hyphen.group(1)).low()));
            Partial high = partial(hyphen.group(2));
            result.add(high.exact() ? new Comparator("<=", high.low()) : new Comparator("<", high.nextUpper()));
            return result;
        }
        for (String token : range.trim().split("\\s+")) {
            Matcher m = Pattern.compile("^(>=|<=|>|<|=|\\^|~)?v?(.+)$").matcher(token);
            if (!m.matches()) {
                throw new InvalidArgumentException("Invalid version range: " + range);
            }
            String op = m.group(1) == null ? "" : m.group(1);
            Partial p = partial(m.group(2));
            switch (op) {
                case "^" -> {
                    result.add(new Comparator(">=", p.low()));
                    Semver low = p.low();
                    Semver upper = low.major > 0 || p.parts < 2 ? new Semver(low.major + 1, 0, 0, List.of("0"), null)
                            : low.minor > 0 || p.parts < 3 ? new Semver(0, low.minor + 1, 0, List.of("0"), null)
                            : new Semver(0, 0, low.patch + 1, List.of("0"), null);
                    result.add(new Comparator("<", upper));
                }
                case "~" -> {
                    result.add(new Comparator(">=", p.low()));
                    Semver low = p.low();
                    result.add(new Comparator("<", p.parts < 2 ? new Semver(low.major + 1, 0, 0, List.of("0"), null)
                            : new Semver(low.major, low.minor + 1, 0, List.of("0"), null)));
                }
                case ">", "<=" -> result.add(p.exact() ? new Comparator(op, p.low())
                        : new Comparator(op.equals(">") ? ">=" : "<", p.nextUpper()));
                case ">=" -> result.add(new Comparator(">=", p.low()));
                case "<" -> result.add(new Comparator("<", p.low()));
                default -> {
                    if (p.exact()) {
                        result.add(new Comparator("=", p.low()));
                    } else {
                        result.add(new Comparator(">=", p.low()));
                        result.add(new Comparator("<", p.nextUpper()));
                    }
                }
            }
        }
        return result;
    }

    /** A possibly partial version ({@code 1}, {@code 1.2}, {@code 1.x}, {@code 1.2.3-rc.1}). */
    private record Partial(Semver low, int parts) {
        boolean exact() {
            return parts == 3;
        }

        Semver nextUpper() {
            return parts <= 1 ? new Semver(low.major + 1, 0, 0, List.of("0"), null)
                    : new Semver(low.major, low.minor + 1, 0, List.of("0"), null);
        }
    }

    private static Partial partial(String text) {
        if (isValid(text)) {
            return new Partial(parse(text), 3);
        }
        String[] parts = text.split("\\.");
        long[] numbers = new long[3];
        int given = 0;
        for (String part : parts) {
            if (given == 3 || part.equals("x") || part.equals("X") || part.equals("*")) {
                break;
            }
            if (!part.matches("0|[1-9]\\d{0,17}")) {
                throw new InvalidArgumentException("Invalid version range: " + text);
            }
            numbers[given++] = Long.parseLong(part);
        }
        if (given == 0) {
            return new Partial(new Semver(0, 0, 0, List.of("0"), null), 0);
        }
        // the lowest version of a partial range, prereleases included
        return new Partial(new Semver(numbers[0], numbers[1], numbers[2], List.of("0"), null), given);
    }
}

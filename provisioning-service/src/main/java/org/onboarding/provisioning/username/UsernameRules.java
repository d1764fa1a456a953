package org.onboarding.provisioning.username;

import com.ibm.icu.text.Transliterator;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The username normalisation of the README's "Usernames", step by step: {@code firstname.lastname} + a zero-padded
 * counter ({@code 001}), with the e-mail's local part as fallback when a name normalises to nothing.
 */
public final class UsernameRules {

    /** The target takes longer names; 64 keeps names typeable. The base is cut so that base + 3-digit counter fits. */
    public static final int MAX_LENGTH = 64;
    static final int COUNTER_DIGITS = 3;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u02BC\u2018`\u00B4]");
    private static final Pattern NON_LATIN = Pattern.compile("[^\\p{IsLatin}\\p{IsCommon}\\p{IsInherited}]");
    private static Transliterator toLatin;

    private UsernameRules() {
    }

    /** The base ({@code first.last}, or the e-mail fallback) without counter, if one can be derived. */
    public static Optional<String> base(String firstname, String lastname, String email) {
        String first = normalise(firstname);
        String last = normalise(lastname);
        String base;
        if (!first.isEmpty() && !last.isEmpty()) {
            base = first + "." + last;
        } else {
            base = emailBase(email);
            if (base.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(truncate(base));
    }

    /** The username for the n-th holder of a base: {@code base + 001}, 4 digits after 999. */
    public static String withCounter(String base, int counter) {
        return base + String.format(Locale.ROOT, "%0" + COUNTER_DIGITS + "d", counter);
    }

    /** Steps 1–6 for one name part; may return "" (nothing usable left). */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String s = WHITESPACE.matcher(raw.strip()).replaceAll(" ");                    // 1. trim, collapse
        s = mapLigatures(s);                                                           // 2. œ æ ß ø ł đ þ
        if (NON_LATIN.matcher(s).find()) {
            s = transliterate(s);                                                      // 3. other scripts
        }
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll(""); // 3. strip accents
        s = s.toLowerCase(Locale.ROOT);                                                // 4. never the default locale
        s = APOSTROPHES.matcher(s).replaceAll("");                                     // 5. N'Diaye -> ndiaye
        s = s.replace(' ', '-');                                                       // 6. Jean Pierre -> jean-pierre
        s = s.replaceAll("[^a-z0-9-]", "");
        s = s.replaceAll("-{2,}", "-");
        return trim(s, "-");
    }

    /** Step 9: the e-mail's local part, {@code .} and {@code _} kept as {@code .}, a {@code +tag} dropped. */
    static String emailBase(String email) {
        if (email == null || email.indexOf('@') <= 0) {
            return "";
        }
        String local = email.strip().substring(0, email.strip().indexOf('@'));
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        StringBuilder out = new StringBuilder();
        for (String part : local.split("[._]")) {
            String normalised = normalise(part);
            if (!normalised.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(normalised);
            }
        }
        return out.toString();
    }

    private static String mapLigatures(String s) {
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 'œ' -> out.append("oe");
                case 'Œ' -> out.append("OE");
                case 'æ' -> out.append("ae");
                case 'Æ' -> out.append("AE");
                case 'ß' -> out.append("ss");
                case 'ẞ' -> out.append("SS");
                case 'ø' -> out.append('o');
                case 'Ø' -> out.append('O');
                case 'ł' -> out.append('l');
                case 'Ł' -> out.append('L');
                case 'đ' -> out.append('d');
                case 'Đ' -> out.append('D');
                case 'þ' -> out.append("th");
                case 'Þ' -> out.append("TH");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** ICU's {@code Any-Latin; Latin-ASCII}; instances are not documented thread-safe, hence the lock. */
    private static synchronized String transliterate(String s) {
        if (toLatin == null) {
            toLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII");
        }
        return toLatin.transliterate(s);
    }

    private static String truncate(String base) {
        int max = MAX_LENGTH - COUNTER_DIGITS;
        if (base.length() <= max) {
            return base;
        }
        return trim(base.substring(0, max), "-.");
    }

    private static String trim(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}

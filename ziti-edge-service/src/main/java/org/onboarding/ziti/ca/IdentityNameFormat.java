package org.onboarding.ziti.ca;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CA's {@code identityNameFormat}: the name an auto-CA enrollment gives the identity it creates. The placeholders
 * {@code [caName]}, {@code [caId]}, {@code [commonName]} (of the client certificate), {@code [requestedName]} and
 * {@code [identityId]} are replaced in one left-to-right pass, so a value that itself looks like a placeholder is
 * never expanded again; anything else is kept as written.
 */
public final class IdentityNameFormat {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\[(caName|caId|commonName|requestedName|identityId)]");

    private IdentityNameFormat() {
    }

    /** @param requestedName the name the enrolling client asked for; the identity id when it asked for none */
    public static String format(String format, String caName, String caId, String commonName, String requestedName,
                                String identityId) {
        Map<String, String> values = Map.of("caName", caName, "caId", caId, "commonName", commonName,
                "requestedName", requestedName, "identityId", identityId);
        Matcher matcher = PLACEHOLDER.matcher(format == null || format.isEmpty() ? CaFields.DEFAULT_NAME_FORMAT : format);
        StringBuilder name = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(name, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(name);
        return name.toString();
    }
}

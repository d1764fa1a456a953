package org.onboarding.provisioning.item;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the next page of a batch's items starts (keyset paging, README "Lists and paging"): after the item with this
 * batch position ({@code seq}). Opaque to clients, so that its content may change; a batch position never changes,
 * so an item that changes status while a client walks the batch is still seen exactly once.
 */
public record ItemCursor(long afterSeq) {

    private static final String PREFIX = "s";
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    public static ItemCursor after(ProvisioningItem item) {
        return new ItemCursor(item.seq());
    }

    /** The cursor a client sent, or empty when it is not one this service handed out. */
    public static Optional<ItemCursor> parse(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX) && POSITION.matcher(text.substring(PREFIX.length())).matches()) {
                return Optional.of(new ItemCursor(Long.parseLong(text.substring(PREFIX.length()))));
            }
        } catch (IllegalArgumentException e) {
            // not base64url: not a cursor
        }
        return Optional.empty();
    }

    public String token() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + afterSeq).getBytes(StandardCharsets.UTF_8));
    }
}

package org.onboarding.provisioning.item;

import java.util.Arrays;
import java.util.List;

/** Item statuses with their upstream names (provisioning.md §1.3), emitted upper-case. */
public enum ProvStatus {
    ENQUEUED, KC_CREATED, KC_UPDATED, INVITE_SENT, PENDING_ACTIVATION, ACTIVATED, EXPIRED, DISABLED, ERROR;

    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}

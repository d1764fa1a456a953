package org.onboarding.provisioning.item;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Item statuses. The constant names are ours and what the database stores; the API speaks the upstream contract's
 * names ({@link #apiName()}), which for the two target steps still carry the origin's Keycloak prefix (README,
 * "Statuses").
 */
@RequiredArgsConstructor
public enum ProvStatus {
    ENQUEUED("ENQUEUED"),
    ACCOUNT_CREATED("KC_CREATED"),
    ACCOUNT_UPDATED("KC_UPDATED"),
    INVITE_SENT("INVITE_SENT"),
    PENDING_ACTIVATION("PENDING_ACTIVATION"),
    ACTIVATED("ACTIVATED"),
    EXPIRED("EXPIRED"),
    DISABLED("DISABLED"),
    ERROR("ERROR");

    private final String apiName;

    /** The name the contract gives this status: what clients read and filter by. */
    @JsonValue
    public String apiName() {
        return apiName;
    }

    public static Optional<ProvStatus> fromApiName(String name) {
        return Arrays.stream(values()).filter(s -> s.apiName.equals(name)).findFirst();
    }

    public static List<String> apiNames() {
        return Arrays.stream(values()).map(ProvStatus::apiName).toList();
    }

    /** The identity exists in the target: the next step is the invitation, if any. */
    public boolean reachedTarget() {
        return this == ACCOUNT_CREATED || this == ACCOUNT_UPDATED || this == INVITE_SENT;
    }
}

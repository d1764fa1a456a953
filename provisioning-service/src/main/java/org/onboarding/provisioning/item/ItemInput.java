package org.onboarding.provisioning.item;

import java.util.UUID;

@com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
/** One identity to provision, as given in {@code BatchCreateRequest.items}, an import or {@code test-items}. */
public record ItemInput(UUID identityId, String firstname, String lastname, String email, String rolePrincipalCode,
                        String establishmentId, String domain, String externalId, String language) {
}

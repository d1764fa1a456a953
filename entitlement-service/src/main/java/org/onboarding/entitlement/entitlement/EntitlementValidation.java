package org.onboarding.entitlement.entitlement;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.entitlement.common.ApiException;
import org.onboarding.entitlement.flow.ApplicationDescriptorTreeLoader;
import org.onboarding.entitlement.flow.RequestValidators;
import org.onboarding.entitlement.registry.ApplicationRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /entitlements/validate}: the request validators applicable to a request type,
 * or only the named one, without starting a flow. Errors surface directly (400/404), not wrapped in a flow error.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EntitlementValidation {

    static final List<String> VALIDATORS = List.of("ApplicationFlowValidator", "ExistingEntitlementValidator",
            "UpgradeRequestValidator", "InterfaceIntegrityValidator");

    private final RequestValidators validators;
    private final ApplicationRegistry registry;
    private final ApplicationDescriptorTreeLoader treeLoader;

    public Uni<Void> validate(String requestType, String validator, UUID tenantId, List<String> applications) {
        if (requestType == null) {
            throw ApiException.badRequest("MissingServletRequestParameterException",
                    "Required request parameter 'entitlementRequestType' for method parameter type EntitlementRequestType is not present");
        }
        String type = requestType.toUpperCase(Locale.ROOT);
        if (!Set.of("ENTITLE", "REVOKE", "UPGRADE", "STATE").contains(type)) {
            throw ApiException.badRequest("MethodArgumentTypeMismatchException",
                    "Failed to convert value of type 'java.lang.String' to required type 'EntitlementRequestType'; "
                            + "Unexpected value '" + requestType + "'");
        }
        List<String> selected;
        if (validator == null) {
            selected = VALIDATORS;
        } else if (validator.isBlank()) {
            throw ApiException.requestValidation("Validator name is empty", List.of(ApiException.param("validator", null)));
        } else {
            selected = VALIDATORS.stream().filter(v -> v.equalsIgnoreCase(validator.trim())).toList();
            if (selected.isEmpty()) {
                throw ApiException.requestValidation("Invalid validator name. Should be one of the following: " + VALIDATORS,
                        List.of(ApiException.param("validator", validator)));
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String name : selected) {
            chain = chain.chain(() -> run(name, type, tenantId, applications));
        }
        return chain;
    }

    private Uni<Void> run(String validator, String type, UUID tenantId, List<String> applications) {
        return switch (validator) {
            case "ApplicationFlowValidator" -> {
                if (type.equals("STATE")) {   // upstream quirk kept (see README, Contract notes, Upstream quirks)
                    throw ApiException.invalidArgument("Entitlement type cannot be mapped from entitlement request type: state");
                }
                yield validators.priorFlows(tenantId, applications, type, "Found validation errors in entitlement request");
            }
            case "ExistingEntitlementValidator" -> type.equals("REVOKE")
                    ? validators.existingEntitlements(tenantId, applications) : Uni.createFrom().voidItem();
            case "UpgradeRequestValidator" -> type.equals("UPGRADE")
                    ? validators.upgradeRequest(tenantId, applications).replaceWithVoid() : Uni.createFrom().voidItem();
            // for an entitle request the descriptors come from the entitle flow's own tree loader, so the dependency
            // checks (missing or mismatched entitled applications) refuse here exactly what entitling would refuse
            case "InterfaceIntegrityValidator" -> switch (type) {
                case "ENTITLE" -> treeLoader.load(tenantId, applications)
                        .flatMap(requested -> validators.interfaceIntegrity(type, tenantId, requested));
                case "UPGRADE" -> registry.loadAll(applications)
                        .flatMap(requested -> validators.interfaceIntegrity(type, tenantId, requested));
                default -> Uni.createFrom().voidItem();
            };
            default -> Uni.createFrom().voidItem();
        };
    }
}

package org.onboarding.mdm.policy;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.persistence.JsonColumns;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Converts the nested parts of a policy to and from their stored JSON text. */
@ApplicationScoped
@RequiredArgsConstructor
public class WinPolicyJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Application>> APPLICATIONS = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Script>> SCRIPTS = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.AdmxConfig>> ADMX = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Asset>> ASSETS = new TypeReference<>() { };

    private final JsonColumns json;

    public String write(Object value) {
        return json.write(value);
    }

    public WinPolicyView view(WinPolicy policy) {
        List<WinPolicyParts.Application> applications = read(policy.applications, APPLICATIONS);
        List<WinPolicyParts.Script> scripts = read(policy.scripts, SCRIPTS);
        List<WinPolicyParts.AdmxConfig> admxConfigs = read(policy.admxConfigs, ADMX);
        List<WinPolicyParts.Asset> assets = read(policy.assets, ASSETS);
        return new WinPolicyView(policy.id, policy.organizationId, policy.winEnterpriseId, policy.name, policy.version,
                read(policy.config, MAP), applications, scripts, admxConfigs, assets,
                policy.agentConfiguration == null ? null
                        : read(policy.agentConfiguration, new TypeReference<WinPolicyParts.AgentConfiguration>() { }),
                info(applications, a -> new WinPolicyView.Info(a.winApplicationId(), null)),
                info(scripts, s -> new WinPolicyView.Info(s.id(), s.name())),
                info(admxConfigs, a -> new WinPolicyView.Info(a.winAdmxConfigId(), null)),
                info(assets, a -> new WinPolicyView.Info(a.mdmAssetId(), a.assetName())),
                policy.createdAt, policy.updatedAt);
    }

    private static <T> List<WinPolicyView.Info> info(List<T> items, Function<T, WinPolicyView.Info> describe) {
        return items.stream().map(describe).toList();
    }

    private <T> T read(String text, TypeReference<T> type) {
        return json.read(text, type);
    }
}

package org.onboarding.mdm.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Converts the nested parts of a policy to and from their stored JSON text. */
@ApplicationScoped
public class WinPolicyJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Application>> APPLICATIONS = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Script>> SCRIPTS = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.AdmxConfig>> ADMX = new TypeReference<>() { };
    private static final TypeReference<List<WinPolicyParts.Asset>> ASSETS = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public WinPolicyJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("policy part not serialisable", e);
        }
    }

    public WinPolicyView view(WinPolicy policy) {
        return new WinPolicyView(policy.id, policy.organizationId, policy.winEnterpriseId, policy.name, policy.version,
                read(policy.config, MAP), read(policy.applications, APPLICATIONS), read(policy.scripts, SCRIPTS),
                read(policy.admxConfigs, ADMX), read(policy.assets, ASSETS),
                policy.agentConfiguration == null ? null
                        : read(policy.agentConfiguration, new TypeReference<WinPolicyParts.AgentConfiguration>() { }),
                policy.createdAt, policy.updatedAt);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy part unreadable", e);
        }
    }
}

package org.onboarding.ziti.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Upstream's {@code links}: always relative hrefs such as {@code ./enrollments/<id>}. */
public final class Links {

    /** The sub-collections every identity reference links to, after {@code self} and before {@code auth-policies}. */
    private static final String[] IDENTITY_SUBS = {"edge-router-policies", "edge-routers", "service-policies",
            "services", "posture-data", "failed-service-requests", "authenticators", "enrollments", "service-configs"};
    private static final SerializableString[] IDENTITY_SUB_NAMES = new SerializableString[IDENTITY_SUBS.length];
    private static final SerializableString SELF = new SerializedString("self");
    private static final SerializableString HREF = new SerializedString("href");
    private static final SerializableString AUTH_POLICIES = new SerializedString("auth-policies");

    static {
        for (int i = 0; i < IDENTITY_SUBS.length; i++) {
            IDENTITY_SUB_NAMES[i] = new SerializedString(IDENTITY_SUBS[i]);
        }
    }

    private Links() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Link(String href, String method, String comment) {
        public Link(String href) {
            this(href, null, null);
        }
    }

    public static Map<String, Link> self(String collection, String id) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", new Link("./" + collection + "/" + id));
        return links;
    }

    /** The full link set of an identity, as upstream puts in every identity reference (contract §2.1). */
    public static Map<String, Link> identity(String id, String authPolicyId) {
        Map<String, Link> links = self("identities", id);
        for (String sub : IDENTITY_SUBS) {
            links.put(sub, new Link("./identities/" + id + "/" + sub));
        }
        links.put("auth-policies", new Link("./auth-policies/" + authPolicyId));
        return links;
    }

    /** Writes what {@link #self} serializes to, without building it (for rows written field by field). */
    public static void writeSelf(JsonGenerator json, String collection, String id) throws IOException {
        json.writeStartObject();
        writeLink(json, SELF, "./" + collection + "/" + id);
        json.writeEndObject();
    }

    /** Writes what {@link #identity} serializes to, without building it. */
    public static void writeIdentity(JsonGenerator json, String id, String authPolicyId) throws IOException {
        json.writeStartObject();
        String base = "./identities/" + id;
        writeLink(json, SELF, base);
        for (int i = 0; i < IDENTITY_SUBS.length; i++) {
            writeLink(json, IDENTITY_SUB_NAMES[i], base + "/" + IDENTITY_SUBS[i]);
        }
        writeLink(json, AUTH_POLICIES, "./auth-policies/" + authPolicyId);
        json.writeEndObject();
    }

    private static void writeLink(JsonGenerator json, SerializableString name, String href) throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        json.writeFieldName(HREF);
        json.writeString(href);
        json.writeEndObject();
    }
}

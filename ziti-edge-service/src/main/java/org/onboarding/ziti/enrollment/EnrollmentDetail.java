package org.onboarding.ziti.enrollment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.vertx.mutiny.sqlclient.Row;
import org.onboarding.ziti.api.JsonText;
import org.onboarding.ziti.api.Links;
import org.onboarding.ziti.api.ZitiTime;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Upstream's {@code enrollmentDetail} of one row, written field by field in upstream's order (README, "Enrollment
 * lists"): a list page writes 25 of them, and as maps of maps of link records they cost the list call about a third of
 * its CPU (map entries, reflective record access, per-field serializer look-ups). The field names are pre-encoded
 * once; the columns are read by position from the {@code id} column on (the list adds its count column in front).
 * Optional references (identity, edge router, transit router, CA, updb username) are left out when absent, the
 * always-present fields are written even when null.
 */
final class EnrollmentDetail extends JsonSerializable.Base {

    /** The columns {@link #of} reads, in this order: the SELECT of {@link EnrollmentQueries} names them so. */
    static final String COLUMNS = "e.id, e.method, e.identity_id, e.edge_router_id, e.transit_router_id, e.ca_id, "
            + "e.username, e.token, e.jwt, e.expires_at, e.tags, e.created_at, e.updated_at, "
            + "i.name AS identity_name, i.auth_policy_id AS identity_auth_policy_id";

    private static final SerializableString LINKS = new SerializedString("_links");
    private static final SerializableString CREATED_AT = new SerializedString("createdAt");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TAGS = new SerializedString("tags");
    private static final SerializableString UPDATED_AT = new SerializedString("updatedAt");
    private static final SerializableString EXPIRES_AT = new SerializedString("expiresAt");
    private static final SerializableString IDENTITY_ID = new SerializedString("identityId");
    private static final SerializableString IDENTITY = new SerializedString("identity");
    private static final SerializableString EDGE_ROUTER_ID = new SerializedString("edgeRouterId");
    private static final SerializableString EDGE_ROUTER = new SerializedString("edgeRouter");
    private static final SerializableString TRANSIT_ROUTER_ID = new SerializedString("transitRouterId");
    private static final SerializableString TRANSIT_ROUTER = new SerializedString("transitRouter");
    private static final SerializableString CA_ID = new SerializedString("caId");
    private static final SerializableString JWT = new SerializedString("jwt");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString TOKEN = new SerializedString("token");
    private static final SerializableString USERNAME = new SerializedString("username");
    private static final SerializableString ENTITY = new SerializedString("entity");
    private static final SerializableString NAME = new SerializedString("name");

    private final String id;
    private final String method;
    private final String identityId;
    private final String edgeRouterId;
    private final String transitRouterId;
    private final String caId;
    private final String username;
    private final String token;
    private final String jwt;
    private final String expiresAt;
    private final Map<String, Object> tags;
    private final String createdAt;
    private final String updatedAt;
    private final String identityName;
    private final String identityAuthPolicyId;

    private EnrollmentDetail(Row row, int at) {
        id = row.getString(at);
        method = row.getString(at + 1);
        identityId = row.getString(at + 2);
        edgeRouterId = row.getString(at + 3);
        transitRouterId = row.getString(at + 4);
        caId = row.getString(at + 5);
        username = row.getString(at + 6);
        token = row.getString(at + 7);
        jwt = row.getString(at + 8);
        expiresAt = time(row.getOffsetDateTime(at + 9));
        tags = JsonText.map(row.getString(at + 10));
        createdAt = time(row.getOffsetDateTime(at + 11));
        updatedAt = time(row.getOffsetDateTime(at + 12));
        identityName = row.getString(at + 13);
        identityAuthPolicyId = row.getString(at + 14);
    }

    /** The detail of a row of {@link #COLUMNS} (with any columns before them). */
    static EnrollmentDetail of(Row row) {
        return new EnrollmentDetail(row, row.getColumnIndex("id"));
    }

    private static String time(OffsetDateTime value) {
        return value == null ? null : ZitiTime.format(value.toInstant());
    }

    @Override
    public void serialize(JsonGenerator json, SerializerProvider serializers) throws IOException {
        json.writeStartObject();
        json.writeFieldName(LINKS);
        Links.writeSelf(json, "enrollments", id);
        json.writeFieldName(CREATED_AT);
        json.writeString(createdAt);
        json.writeFieldName(ID);
        json.writeString(id);
        json.writeFieldName(TAGS);
        if (tags.isEmpty()) {
            json.writeStartObject();
            json.writeEndObject();
        } else {
            serializers.defaultSerializeValue(tags, json);
        }
        json.writeFieldName(UPDATED_AT);
        json.writeString(updatedAt);
        json.writeFieldName(EXPIRES_AT);
        json.writeString(expiresAt);
        if (identityId != null) {
            json.writeFieldName(IDENTITY_ID);
            json.writeString(identityId);
            json.writeFieldName(IDENTITY);
            json.writeStartObject();
            json.writeFieldName(LINKS);
            Links.writeIdentity(json, identityId, identityAuthPolicyId);
            writeRef(json, "identities", identityId, identityName);
        }
        writeRouter(json, EDGE_ROUTER_ID, EDGE_ROUTER, "edge-routers", edgeRouterId);
        writeRouter(json, TRANSIT_ROUTER_ID, TRANSIT_ROUTER, "transit-routers", transitRouterId);
        if (caId != null) {
            json.writeFieldName(CA_ID);
            json.writeString(caId);
        }
        json.writeFieldName(JWT);
        json.writeString(jwt);
        json.writeFieldName(METHOD);
        json.writeString(method);
        json.writeFieldName(TOKEN);
        json.writeString(token);
        // deliberate deviation (README, Decisions): upstream never emits username; we do for updb
        if ("updb".equals(method) && username != null) {
            json.writeFieldName(USERNAME);
            json.writeString(username);
        }
        json.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator json, SerializerProvider serializers, TypeSerializer types)
            throws IOException {
        serialize(json, serializers);
    }

    /** {@code <x>Id} and its {@code entityRef} (a self link, no name), when the row references a router. */
    private static void writeRouter(JsonGenerator json, SerializableString idField, SerializableString refField,
                                    String collection, String id) throws IOException {
        if (id == null) {
            return;
        }
        json.writeFieldName(idField);
        json.writeString(id);
        json.writeFieldName(refField);
        json.writeStartObject();
        json.writeFieldName(LINKS);
        Links.writeSelf(json, collection, id);
        writeRef(json, collection, id, null);
    }

    /** The rest of an {@code entityRef} after its links, as {@link org.onboarding.ziti.api.EntityRef} writes it. */
    private static void writeRef(JsonGenerator json, String entity, String id, String name) throws IOException {
        json.writeFieldName(ENTITY);
        json.writeString(entity);
        if (!id.isEmpty()) {
            json.writeFieldName(ID);
            json.writeString(id);
        }
        if (name != null && !name.isEmpty()) {
            json.writeFieldName(NAME);
            json.writeString(name);
        }
        json.writeEndObject();
    }
}

package org.onboarding.ziti.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a request body the way upstream's go-swagger layer does: first unmarshalling (invalid JSON, wrong JSON types
 * or unparseable date-times give {@code COULD_NOT_PARSE_BODY}), then validation of required fields and enums in
 * alphabetical field order ({@code COULD_NOT_VALIDATE} naming the first failing field). Unknown fields are ignored.
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final ObjectNode node;

    private JsonBody(String name, ObjectNode node) {
        this.name = name;
        this.node = node;
    }

    /** @param name the body parameter name upstream uses in messages, e.g. {@code enrollment} */
    public static JsonBody parse(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            // upstream answers 602 here (openziti/ziti#3462); the contract's decision is 400 with the same code and cause
            throw ApiException.couldNotValidate(name, name + " in body is required", null);
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw parseFailure(name, e.getOriginalMessage());
        }
        if (parsed == null || parsed.isNull()) {
            throw ApiException.couldNotValidate(name, name + " in body is required", null);
        }
        if (!parsed.isObject()) {
            throw parseFailure(name, "json: cannot unmarshal " + parsed.getNodeType().name().toLowerCase() + " into an object");
        }
        return new JsonBody(name, (ObjectNode) parsed);
    }

    private static ApiException parseFailure(String name, String why) {
        return new ApiException(ErrorCode.COULD_NOT_PARSE_BODY,
                ApiException.unhandledCause("parsing " + name + " body from \"\" failed, because " + why));
    }

    private ApiException wrongType(String field, String expected) {
        return parseFailure(name, "json: cannot unmarshal " + node.get(field).getNodeType().name().toLowerCase()
                + " into field " + field + " of type " + expected);
    }

    /** Whether the body names the field at all, even as {@code null} (what a patch changes). */
    public boolean has(String field) {
        return node.has(field);
    }

    private boolean absent(String field) {
        return !node.has(field) || node.get(field).isNull();
    }

    public String string(String field) {
        return typed(field, "string", JsonNode::isTextual, JsonNode::textValue);
    }

    public Boolean bool(String field) {
        return typed(field, "bool", JsonNode::isBoolean, JsonNode::booleanValue);
    }

    public Long int64(String field) {
        return typed(field, "int64", v -> v.isIntegralNumber() && v.canConvertToLong(), JsonNode::longValue);
    }

    /** The field's value if {@code accepts} takes its JSON type (else the wrong-type failure naming {@code type}), or null. */
    private <T> T typed(String field, String type, Predicate<JsonNode> accepts, Function<JsonNode, T> value) {
        if (absent(field)) {
            return null;
        }
        if (!accepts.test(node.get(field))) {
            throw wrongType(field, type);
        }
        return value.apply(node.get(field));
    }

    public Instant dateTime(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw parseFailure(name, "parsing time \"" + text + "\" as RFC 3339 failed");
        }
    }

    public JsonBody object(String field) {
        return typed(field, "object", JsonNode::isObject, v -> new JsonBody(name, (ObjectNode) v));
    }

    public List<String> strings(String field) {
        if (absent(field)) {
            return null;
        }
        if (!node.get(field).isArray()) {
            throw wrongType(field, "[]string");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.get(field)) {
            if (!item.isTextual()) {
                throw wrongType(field, "[]string");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** A map of integers, e.g. {@code terminatorCostMap}. */
    public Map<String, Long> int64Map(String field) {
        return map(field, "map[string]int64", v -> v.isIntegralNumber() && v.canConvertToLong(), JsonNode::longValue);
    }

    /** A map of strings, e.g. {@code terminatorPrecedenceMap}. */
    public Map<String, String> stringMap(String field) {
        return map(field, "map[string]string", JsonNode::isTextual, JsonNode::textValue);
    }

    /** Tags: a map whose values are scalars (string, bool, number) or null. */
    public Map<String, Object> tags(String field) {
        return map(field, "tags", v -> !v.isContainerNode(), v -> MAPPER.convertValue(v, Object.class));
    }

    /** An object whose every value {@code accepts} (else the wrong-type failure naming {@code type}), or null. */
    private <T> Map<String, T> map(String field, String type, Predicate<JsonNode> accepts,
                                   Function<JsonNode, T> value) {
        if (absent(field)) {
            return null;
        }
        if (!node.get(field).isObject()) {
            throw wrongType(field, type);
        }
        Map<String, T> values = new LinkedHashMap<>();
        var it = node.get(field).fields();
        while (it.hasNext()) {
            var entry = it.next();
            if (!accepts.test(entry.getValue())) {
                throw wrongType(field, type);
            }
            values.put(entry.getKey(), value.apply(entry.getValue()));
        }
        return values;
    }

    /** Validation step: a required field that is absent, or an empty string, fails with upstream's reason. */
    public static void required(String field, Object value) {
        if (value == null || value instanceof String text && text.isEmpty()) {
            throw ApiException.couldNotValidate(field, field + " in body is required", null);
        }
    }

    /** go-openapi's range checks ({@code minimum} / {@code maximum}, inclusive). */
    public static void between(String field, Long value, long min, long max) {
        if (value != null && value < min) {
            throw ApiException.couldNotValidate(field, field + " in body should be greater than or equal to " + min, value);
        }
        if (value != null && value > max) {
            throw ApiException.couldNotValidate(field, field + " in body should be less than or equal to " + max, value);
        }
    }

    public static void oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.couldNotValidate(field, field + " in body should be one of " + allowed.toString()
                    .replace(",", ""), value);
        }
    }
}

package org.onboarding.ziti.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;

/** JSON text columns (tags, role attributes) to and from Java values. */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EMPTY_OBJECT = "{}";

    private JsonText() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Map<String, Object> map(String json) {
        try {
            // most rows carry no tags: no parser for them
            return json == null || EMPTY_OBJECT.equals(json) ? Map.of()
                    : MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> strings(String json) {
        try {
            return json == null ? List.of() : MAPPER.readValue(json, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.onboarding.mdm.persistence;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Lists and free objects stored as JSON text columns (tags, metadata, config), written and read back. */
@ApplicationScoped
@RequiredArgsConstructor
public class JsonColumns {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value not serialisable as JSON", e);
        }
    }

    /** A list of strings ({@code tags}). */
    public List<String> strings(String json) {
        return read(json, STRINGS);
    }

    /** A free object ({@code metadata}, {@code config}). */
    public Map<String, Object> object(String json) {
        return read(json, OBJECT);
    }

    public <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }
}

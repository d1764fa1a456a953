package org.onboarding.entitlement.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses a NUL character (U+0000) in any string of a request body, typed or free-form JSON: PostgreSQL
 * rejects it in text and jsonb (SQLSTATE 22021), which would otherwise surface as a 500 after part of a request ran.
 */
@Singleton
public class JsonTextModule implements ObjectMapperCustomizer {

    /** A body string with a NUL character, reported as a 400 validation error naming where it was found. */
    public static final class NulCharacterException extends JsonMappingException {
        private final String pointer;

        NulCharacterException(JsonParser p, String pointer) {
            super(p, NulCharacterFilter.MESSAGE);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("nul-free-text");
        module.addDeserializer(String.class, new NulFreeString());
        module.addDeserializer(JsonNode.class, new NulFreeTree());
        mapper.registerModule(module);
    }

    static final class NulFreeString extends StdScalarDeserializer<String> {
        NulFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new NulCharacterException(p, p.getParsingContext().pathAsPointer().toString());
            }
            return value;
        }
    }

    static final class NulFreeTree extends StdScalarDeserializer<JsonNode> {
        NulFreeTree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(p, ctxt);
            String bad = find(tree, "");
            if (bad != null) {
                throw new NulCharacterException(p, bad);
            }
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }

        /** The JSON pointer of the first text or field name holding a NUL, or null. */
        private static String find(JsonNode node, String pointer) {
            if (node.isTextual()) {
                return node.textValue().indexOf('\0') >= 0 ? pointer : null;
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String bad = find(node.get(i), pointer + "/" + i);
                    if (bad != null) {
                        return bad;
                    }
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String path = pointer + "/" + field.getKey().replace("\0", "\\u0000");
                    if (field.getKey().indexOf('\0') >= 0) {
                        return path;
                    }
                    String bad = find(field.getValue(), path);
                    if (bad != null) {
                        return bad;
                    }
                }
            }
            return null;
        }
    }
}

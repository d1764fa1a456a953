package org.onboarding.mdm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The API's JSON rules, in one place:
 * <ul>
 *   <li>strict input: unknown fields and 1.5-as-integer rejected;</li>
 *   <li>no string holding U+0000 (PostgreSQL text cannot store it): every string value, also inside opaque objects
 *       and lists, and every object key is checked while it is read;</li>
 *   <li>optional fields are left out of responses rather than sent as {@code null} (Applivery types them as strings
 *       or objects); a field that must be {@code null} says so itself ({@link Paginated});</li>
 *   <li>timestamps as {@code 2026-02-10T12:00:00.000Z}.</li>
 * </ul>
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    /** Applied after Quarkus' own customizers, so our Instant serializer wins over the JavaTimeModule one. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // null properties are left out; null values inside opaque maps (a policy's config) are kept as given
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
        SimpleModule module = new SimpleModule("applivery-json");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(TIMESTAMP.format(value));
            }
        });
        // a custom String deserializer is also used for the strings of untyped values (Map<String, Object>)
        module.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return withoutNul(p, super.deserialize(p, ctxt));
            }
        });
        module.addKeyDeserializer(String.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
                return withoutNul(ctxt.getParser(), key);
            }
        });
        mapper.registerModule(module);
    }

    private static String withoutNul(JsonParser parser, String value) throws NulCharacterException {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new NulCharacterException(parser);
        }
        return value;
    }
}

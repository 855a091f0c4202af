package com.propertyhub.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The JSON settings shared by the REST API and the event stream, so both speak the same JSON. */
public final class Json {
    /** Request bodies nested deeper than this are refused before they cost anything. */
    public static final int MAX_NESTING_DEPTH = 64;

    private Json() {
    }

    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("iso-times-only").addDeserializer(Instant.class, new IsoInstant())
                        .addDeserializer(UUID.class, new CanonicalUuid()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Strict types: a value of the wrong JSON type is a 422 naming the field, never quietly converted.
                // No "12" for a number or "true"/1 for a boolean, no 1.5 cut to 1, no 5 or true turned into text,
                // no "" read as an absent value.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfigDefaults(all -> all
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                // Money is the one exception: an amount may be a decimal string ("950.00", what the dashboards
                // send, exact where a binary float is not) as well as a JSON number.
                .withCoercionConfig(BigDecimal.class, money -> money
                        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                // Not below the body limit: a long string in a body under 1 MiB is a field to validate (422),
                // and a longer body is BodySizeLimit's 413, never a "malformed JSON" 400.
                .maxStringLength((int) BodySizeLimit.MAX_BYTES)
                .build());
        return mapper;
    }

    /**
     * Times are ISO-8601 strings (API.md). The time module would also read a bare number as seconds since 1970,
     * which is a wrong type here like any other.
     */
    private static final class IsoInstant extends StdScalarDeserializer<Instant> {
        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    /**
     * Ids in bodies are read by {@link Ids} like ids anywhere else: the canonical form only (Jackson's own reader
     * would also take 16 bytes in Base64); anything else is a wrong value, a 422 naming the field.
     */
    private static final class CanonicalUuid extends StdScalarDeserializer<UUID> {
        CanonicalUuid() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) ctxt.handleUnexpectedToken(UUID.class, p);
            }
            String text = p.getText();
            java.util.Optional<UUID> id = Ids.tryParse(text);
            return id.isPresent() ? id.get() : (UUID) ctxt.handleWeirdStringValue(UUID.class, text, "not an id");
        }
    }

    /** Serialises a value that is known to be serialisable (our own records). */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }
}

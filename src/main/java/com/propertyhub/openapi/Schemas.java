package com.propertyhub.openapi;

import com.propertyhub.web.ApiError;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The schemas of one document: Java types resolved the way swagger-core resolves the resources' types. */
final class Schemas {
    static final String REF_PREFIX = "#/components/schemas/";

    private final OpenAPI doc;

    Schemas(OpenAPI doc) {
        this.doc = doc;
        if (doc.getComponents() == null) {
            doc.setComponents(new Components());
        }
    }

    /** The schema of {@code type}: a reference for a record, whose schema (and those it uses) joins the components. */
    @SuppressWarnings("rawtypes")
    Schema of(Class<?> type) {
        ResolvedSchema resolved = ModelConverters.getInstance(true)
                .resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach((name, schema) -> {
                if (doc.getComponents().getSchemas() == null || !doc.getComponents().getSchemas().containsKey(name)) {
                    doc.getComponents().addSchemas(name, schema);
                }
            });
        }
        return resolved.schema;
    }

    /** The contract's error body. */
    @SuppressWarnings("rawtypes")
    Schema error() {
        return of(ApiError.class);
    }

    static Content json(Schema<?> schema) {
        return new Content().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
                new MediaType().schema(schema));
    }

    /**
     * Says what swagger-core leaves out (see {@link AnswerShapes}): in the records the API answers with, which
     * members are always written and which of those may be null; every other member, and every member of a
     * request body, may be absent or null (a body's {@code null} reads as absent).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    void applyShapes(Map<String, AnswerShapes.Shape> shapes) {
        Map<String, Schema> all = doc.getComponents().getSchemas();
        if (all == null) {
            return;
        }
        all.forEach((schemaName, schema) -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                return;
            }
            AnswerShapes.Shape shape = shapes.get(schemaName);
            Set<String> required = new LinkedHashSet<>(schema.getRequired() == null ? List.of() : schema.getRequired());
            if (shape != null) {
                shape.alwaysPresent().stream().filter(properties::containsKey).forEach(required::add);
            }
            Map<String, Schema> changed = new LinkedHashMap<>();
            properties.forEach((name, property) -> changed.put(name,
                    shape != null && shape.neverNull().contains(name) ? property : nullable(property)));
            schema.setProperties(changed);
            schema.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
        });
    }

    /** A schema of one JSON type, as OpenAPI 3.1 writes it. */
    static Schema<?> type(String type) {
        return new Schema<>().types(new LinkedHashSet<>(List.of(type)));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            List<Schema> options = new ArrayList<>();
            options.add(new Schema().$ref(property.get$ref()));
            options.add(new Schema().types(Set.of("null")));
            return new Schema().anyOf(options);
        }
        if (property.getTypes() != null && !property.getTypes().isEmpty()) {
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.add("null");
            property.setTypes(types);
            if (property.getEnum() != null && !property.getEnum().contains(null)) {
                List<Object> values = new ArrayList<>(property.getEnum());
                values.add(null);
                property.setEnum(values);
            }
        }
        return property;
    }
}

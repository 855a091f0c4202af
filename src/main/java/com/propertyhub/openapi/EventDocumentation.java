package com.propertyhub.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the {@link EventCatalog} into the document as {@code x-events}: OpenAPI 3.1 has no way to describe the
 * events inside a text/event-stream answer, so each event gets its name, delivery, recipients and a JSON Schema of
 * its {@code data}, whose members refer to the same component schemas as the REST answers.
 */
final class EventDocumentation {
    private EventDocumentation() {
    }

    static void addTo(OpenAPI doc, Schemas schemas) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventCatalog event : EventCatalog.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", event.eventName());
            entry.put("delivery", event.delivery().name().toLowerCase(Locale.ROOT));
            entry.put("recipients", event.recipients());
            entry.put("description", event.description());
            entry.put("data", dataSchema(event, schemas));
            events.add(entry);
        }
        doc.addExtension("x-events", events);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema dataSchema(EventCatalog event, Schemas schemas) {
        Schema data = Schemas.type("object");
        List<String> required = new ArrayList<>();
        for (EventCatalog.Field field : event.payload()) {
            data.addProperty(field.name(), schemas.of(field.type()));
            if (field.required()) {
                required.add(field.name());
            }
        }
        data.setRequired(required);
        return data;
    }
}

package com.propertyhub.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.propertyhub.testsupport.ApiClient;
import com.propertyhub.testsupport.Fixtures;
import java.util.Map;

/** What the property and payment tests share: creating properties and tenancies through the API. */
public final class PropertyFixtures {
    private PropertyFixtures() {
    }

    /** Creates a property as an OWNER or MANAGER client. */
    public static JsonNode property(ApiClient ownerOrManager, String name) {
        return Fixtures.expect(ownerOrManager.post("/api/properties",
                Map.of("name", name, "address", "1 " + name + " Street", "units", 8)), 201).json();
    }

    /** Makes {@code tenant} rent {@code property}, as an OWNER or MANAGER client. */
    public static JsonNode rent(ApiClient ownerOrManager, JsonNode property, JsonNode tenant) {
        return Fixtures.expect(ownerOrManager.put("/api/properties/" + id(property) + "/tenants/" + id(tenant),
                Map.of()),
                200).json();
    }

    public static String id(JsonNode entity) {
        return entity.get("id").asText();
    }
}

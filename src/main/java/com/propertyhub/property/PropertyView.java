package com.propertyhub.property;

import java.time.Instant;
import java.util.UUID;

/** A property as the API returns it, in REST answers and in event payloads alike. */
public record PropertyView(UUID id, UUID customerId, String name, String address, int units, Instant createdAt,
                           Instant updatedAt) {

    public static PropertyView of(Property p) {
        return new PropertyView(p.getId(), p.getCustomerId(), p.getName(), p.getAddress(), p.getUnits(),
                p.getCreatedAt(), p.getUpdatedAt());
    }
}

package com.propertyhub.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.propertyhub.identity.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API returns it. It has no password field of any kind, by construction. */
public record UserView(
        UUID id,
        String name,
        String email,
        Role role,
        String department,
        String company,
        List<String> permissions,
        @JsonProperty("isActive") boolean isActive,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID customerId,
        /** A TENANT's rented property; absent when none. */
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID propertyId,
        Instant createdAt,
        Instant updatedAt) {

    public static UserView of(User u) {
        return new UserView(u.getId(), u.getName(), u.getEmail(), u.getRole(), u.getDepartment(), u.getCompany(),
                u.getPermissions(), u.isActive(), u.isActive() ? "active" : "inactive", u.getCustomerId(),
                u.getPropertyId(), u.getCreatedAt(), u.getUpdatedAt());
    }
}

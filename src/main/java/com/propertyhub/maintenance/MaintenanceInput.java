package com.propertyhub.maintenance;

import com.propertyhub.web.Ids;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new request ({@code title}, {@code description}, optional {@code propertyId}). */
public record MaintenanceInput(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String title,
        @Size(min = 1, max = 5000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String description,
        @Pattern(regexp = Ids.PATTERN, message = MaintenanceInput.PROPERTY_ID) String propertyId) {
    static final String PROPERTY_ID = "must be a property id";
}

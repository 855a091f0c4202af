package com.propertyhub.maintenance;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import com.propertyhub.web.Ids;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new request ({@code title}, {@code description}, optional {@code propertyId}). */
public record MaintenanceInput(
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String title,
        @Size(max = 5000, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK,
                message = REQUIRED) String description,
        @Pattern(regexp = Ids.PATTERN, message = MaintenanceInput.PROPERTY_ID) String propertyId) {
    static final String PROPERTY_ID = "must be a property id";
}

package com.propertyhub.property;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST}, {@code PUT} and {@code PATCH /api/properties}. Every field is optional here; the
 * resource names the ones an operation requires. In a PATCH, absent fields stay as they are.
 */
public record PropertyInput(
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String name,
        @Size(max = 500, message = AT_MOST_CHARACTERS) String address,
        @Min(value = 1, message = "must be 1 or more") @Max(value = 100000,
                message = "must be at most 100000") Integer units) {
}

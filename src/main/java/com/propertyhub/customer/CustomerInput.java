package com.propertyhub.customer;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.EMAIL;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.PHONE;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * The body of {@code POST}, {@code PUT} and {@code PATCH /api/customers}. Every field is optional here; the
 * resource names which ones an operation requires. In a PATCH, absent fields stay as they are.
 */
public record CustomerInput(
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String company,
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String owner,
        @Size(max = 320, message = AT_MOST_CHARACTERS) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                message = EMAIL) String email,
        @Size(max = 50, message = AT_MOST_CHARACTERS) @Pattern(regexp = "[0-9+()\\-. ]*", message = PHONE) String phone,
        CustomerStatus status,
        @Valid PlanInput plan) {

    public record PlanInput(
            @Size(max = 100, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String name,
            @DecimalMin(value = "0", message = "must be 0 or more")
            @DecimalMax(value = "9999999999.99", message = "must be at most 9999999999.99")
            @Digits(integer = 10, fraction = 2, message = "must have at most 2 decimals") BigDecimal monthlyPrice) {
    }
}

package com.propertyhub.customer;

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
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String company,
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String owner,
        @Size(max = 320) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address") String email,
        @Size(max = 50) @Pattern(regexp = "[0-9+()\\-. ]*", message = "must be a phone number") String phone,
        CustomerStatus status,
        @Valid PlanInput plan) {

    public record PlanInput(
            @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @DecimalMin(value = "0", message = "must be 0 or more")
            @DecimalMax(value = "9999999999.99", message = "must be at most 9999999999.99")
            @Digits(integer = 10, fraction = 2) BigDecimal monthlyPrice) {
    }
}

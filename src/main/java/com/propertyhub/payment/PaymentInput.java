package com.propertyhub.payment;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The body of {@code POST /api/payments}. {@code tenantId} is for owners and managers (a tenant pays for
 * themself); {@code propertyId} defaults to the property the tenant rents, {@code paidAt} to now and
 * {@code month} to the month of {@code paidAt} (UTC). The property must be the one the tenant rents, and
 * {@code paidAt} and {@code month} must fall in the years 2000 to next year (checked by {@link PaymentService}).
 */
public record PaymentInput(
        UUID tenantId,
        UUID propertyId,
        @DecimalMin(value = "0", inclusive = false, message = "must be more than 0")
        @DecimalMax(value = "9999999999.99", message = "must be at most 9999999999.99")
        @Digits(integer = 10, fraction = 2, message = "must have at most 2 decimals") BigDecimal amount,
        Instant paidAt,
        @Pattern(regexp = PaymentInput.MONTH, message = "must be a month like 2026-11") String month,
        @Size(max = 500, message = AT_MOST_CHARACTERS) String note) {

    /** {@code YYYY-MM}. */
    public static final String MONTH = "[0-9]{4}-(0[1-9]|1[0-2])";
}

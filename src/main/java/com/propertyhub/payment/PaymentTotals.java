package com.propertyhub.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/payments/totals}: the sum and count of payments per property and month (newest month first),
 * and the grand total of all of them. {@code month} is the filter asked for, or null for every month.
 */
public record PaymentTotals(String month, List<Row> items, BigDecimal amount, long payments) {

    @Schema(name = "PaymentTotalsRow")
    public record Row(UUID propertyId, String propertyName, String month, BigDecimal amount, long payments) {
    }
}

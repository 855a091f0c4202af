package com.propertyhub.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment as the API returns it. {@code tenantId} is null once the tenant's login was deleted; the names are
 * those of the property and tenant when the payment is read.
 */
public record PaymentView(UUID id, UUID customerId, UUID propertyId, String propertyName, UUID tenantId,
                          String tenantName, BigDecimal amount, String month, Instant paidAt, String note,
                          UUID recordedBy, Instant createdAt) {
}

package com.propertyhub.payment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One rent payment by a tenant for a property and a month. Recorded once; not edited. */
@Entity
@Table(name = "payments")
public class Payment {
    @Id
    private UUID id;
    @Column(name = "customer_id", nullable = false)
    private UUID customerId;
    @Column(name = "property_id", nullable = false)
    private UUID propertyId;
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Column(nullable = false)
    private BigDecimal amount;
    @Column(name = "rent_month", nullable = false)
    private String rentMonth;
    @Column(name = "paid_at", nullable = false)
    private Instant paidAt;
    private String note;
    @Column(name = "recorded_by")
    private UUID recordedBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Payment() {
    }

    public Payment(UUID id, UUID customerId, UUID propertyId, UUID tenantId, BigDecimal amount, String month,
                   Instant paidAt, String note, UUID recordedBy, Instant createdAt) {
        this.id = id;
        this.customerId = customerId;
        this.propertyId = propertyId;
        this.tenantId = tenantId;
        this.amount = amount;
        this.rentMonth = month;
        this.paidAt = paidAt;
        this.note = note;
        this.recordedBy = recordedBy;
        this.createdAt = createdAt;
    }

    public UUID getId() { return id; }
    public UUID getCustomerId() { return customerId; }
    public UUID getPropertyId() { return propertyId; }
    public UUID getTenantId() { return tenantId; }
    public BigDecimal getAmount() { return amount; }
    public String getMonth() { return rentMonth; }
    public Instant getPaidAt() { return paidAt; }
    public String getNote() { return note; }
    public UUID getRecordedBy() { return recordedBy; }
    public Instant getCreatedAt() { return createdAt; }
}

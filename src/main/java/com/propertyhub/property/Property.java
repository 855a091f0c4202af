package com.propertyhub.property;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A building or unit managed by a customer. Counted in the customer's {@code _count.properties}. */
@Entity
@Table(name = "properties")
public class Property {
    @Id
    private UUID id;
    @Column(name = "customer_id", nullable = false)
    private UUID customerId;
    @Column(nullable = false)
    private String name;
    private String address;
    @Column(nullable = false)
    private int units;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Property() {
    }

    public Property(UUID id, UUID customerId, String name, String address, int units, Instant now) {
        this.id = id;
        this.customerId = customerId;
        this.name = name;
        this.address = address;
        this.units = units;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() { return id; }
    public UUID getCustomerId() { return customerId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public int getUnits() { return units; }
    public void setUnits(int units) { this.units = units; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void touch(Instant now) { this.updatedAt = now; }
}

package com.propertyhub.customer;

import com.propertyhub.persistence.SortKeys;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A PropertyHub customer: a company with an owner, a plan and a status. */
@Entity
@Table(name = "customers")
public class Customer {
    @Id
    private UUID id;
    @Column(nullable = false)
    private String company;
    @Column(name = "owner_name", nullable = false)
    private String ownerName;
    /** {@code company} and {@code ownerName} lower-cased: what the list sorts and searches by (indexed). */
    @Column(name = "company_key", nullable = false)
    private String companyKey;
    @Column(name = "owner_key", nullable = false)
    private String ownerKey;
    @Column(nullable = false)
    private String email;
    private String phone;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CustomerStatus status;
    @Column(name = "plan_name", nullable = false)
    private String planName;
    @Column(name = "plan_monthly_price", nullable = false)
    private BigDecimal planMonthlyPrice;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Customer() {
    }

    public Customer(UUID id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public UUID getId() { return id; }
    public String getCompany() { return company; }
    public void setCompany(String company) {
        this.company = company;
        this.companyKey = SortKeys.of(company);
    }
    public String getOwnerName() { return ownerName; }
    public void setOwnerName(String ownerName) {
        this.ownerName = ownerName;
        this.ownerKey = SortKeys.of(ownerName);
    }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public CustomerStatus getStatus() { return status; }
    public void setStatus(CustomerStatus status) { this.status = status; }
    public String getPlanName() { return planName; }
    public void setPlanName(String planName) { this.planName = planName; }
    public BigDecimal getPlanMonthlyPrice() { return planMonthlyPrice; }
    public void setPlanMonthlyPrice(BigDecimal planMonthlyPrice) { this.planMonthlyPrice = planMonthlyPrice; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void touch(Instant now) { this.updatedAt = now; }
}

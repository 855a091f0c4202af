package com.propertyhub.user;

import com.propertyhub.identity.Role;
import com.propertyhub.realtime.Rooms;
import com.propertyhub.persistence.SortKeys;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Anyone who can log in: internal staff, or an owner, manager or tenant of one customer. */
@Entity
@Table(name = "users")
public class User {
    @Id
    private UUID id;
    @Column(nullable = false)
    private String name;
    /** {@code name} lower-cased: what the staff list sorts and searches by (indexed). */
    @Column(name = "name_key", nullable = false)
    private String nameKey;
    @Column(nullable = false)
    private String email;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;
    private String department;
    private String company;
    /** Comma-separated; permission names never contain commas (validated). */
    @Column(nullable = false)
    private String permissions;
    /**
     * How often the role changed: the user's private room belongs to one epoch (see {@link #privateRoom}), so
     * what was addressed to an earlier role is never read again.
     */
    @Column(name = "role_epoch", nullable = false)
    private int roleEpoch;
    @Column(name = "is_active", nullable = false)
    private boolean active;
    @Column(name = "customer_id")
    private UUID customerId;
    /** The property a TENANT rents, if any (see PropertyService#assignTenant). */
    @Column(name = "property_id")
    private UUID propertyId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    /**
     * Raised by {@link UserSessions#end} only (an SQL increment): never written by an entity update, so an edit
     * that read the row before a sign-out cannot put the old value back and bring its tokens to life again.
     */
    @Column(name = "token_version", nullable = false, updatable = false)
    private int tokenVersion;

    protected User() {
    }

    public User(UUID id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.permissions = "";
        this.active = true;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public void setName(String name) {
        this.name = name;
        this.nameKey = SortKeys.of(name);
    }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public Role getRole() { return role; }

    /** A change of role (not the first one given) starts a new role epoch. */
    public void setRole(Role role) {
        if (this.role != null && this.role != role) {
            roleEpoch++;
        }
        this.role = role;
    }

    public int getRoleEpoch() { return roleEpoch; }

    /** The room of the events private to this user in their current role (see {@link Rooms#user}). */
    public String privateRoom() { return Rooms.user(id, roleEpoch); }

    public String getDepartment() { return department; }
    public void setDepartment(String department) { this.department = department; }
    public String getCompany() { return company; }
    public void setCompany(String company) { this.company = company; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public UUID getCustomerId() { return customerId; }
    public void setCustomerId(UUID customerId) { this.customerId = customerId; }
    public UUID getPropertyId() { return propertyId; }
    public void setPropertyId(UUID propertyId) { this.propertyId = propertyId; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void touch(Instant now) { this.updatedAt = now; }
    public int getTokenVersion() { return tokenVersion; }

    public List<String> getPermissions() {
        return permissions.isEmpty() ? List.of() : Arrays.asList(permissions.split(","));
    }

    public void setPermissions(List<String> values) {
        this.permissions = String.join(",", values);
    }
}

package com.propertyhub.maintenance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message on a maintenance request's thread. */
@Entity
@Table(name = "maintenance_comments")
public class MaintenanceComment {
    @Id
    private UUID id;
    @Column(name = "request_id", nullable = false)
    private UUID requestId;
    @Column(name = "author_id", nullable = false)
    private UUID authorId;
    @Column(nullable = false)
    private String body;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected MaintenanceComment() {
    }

    public MaintenanceComment(UUID id, UUID requestId, UUID authorId, String body, Instant now) {
        this.id = id;
        this.requestId = requestId;
        this.authorId = authorId;
        this.body = body;
        this.createdAt = now;
    }

    public UUID getId() { return id; }
    public UUID getRequestId() { return requestId; }
    public UUID getAuthorId() { return authorId; }
    public String getBody() { return body; }
    public Instant getCreatedAt() { return createdAt; }
}

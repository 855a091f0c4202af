package com.propertyhub.maintenance;

import jakarta.validation.constraints.Pattern;

/** What an OWNER or MANAGER changes on a request: its {@code status} and/or its {@code assigneeId} (a MANAGER). */
public record MaintenanceChange(
        MaintenanceStatus status,
        @Pattern(regexp = "[0-9a-fA-F-]{36}", message = "must be a user id") String assigneeId) {
}

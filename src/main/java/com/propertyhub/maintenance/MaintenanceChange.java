package com.propertyhub.maintenance;

import com.propertyhub.web.Ids;
import jakarta.validation.constraints.Pattern;

/** What an OWNER or MANAGER changes on a request: its {@code status} and/or its {@code assigneeId} (a MANAGER). */
public record MaintenanceChange(
        MaintenanceStatus status,
        @Pattern(regexp = Ids.PATTERN, message = MaintenanceChange.ASSIGNEE_ID) String assigneeId) {
    static final String ASSIGNEE_ID = "must be a user id";
}

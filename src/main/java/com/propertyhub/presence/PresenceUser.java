package com.propertyhub.presence;

import com.propertyhub.identity.Role;
import java.util.UUID;

/** An online user as presence shows it: {@code {"id","name","role","customerId"}} (no customer for staff). */
public record PresenceUser(UUID id, String name, Role role, UUID customerId) {
}

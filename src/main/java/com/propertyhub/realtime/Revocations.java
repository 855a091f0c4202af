package com.propertyhub.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.propertyhub.auth.AuthUser;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Which open streams an event takes away: a deleted or deactivated user's, and every stream of a deleted
 * customer. Every node sees every event (in order), so revocation holds across the cluster within the
 * delivery latency, while the tokens themselves would stay valid until they expire.
 */
final class Revocations {
    private Revocations() {
    }

    /** @param keepRole a stream of {@code userId} whose token still has this role is kept (null: end all) */
    record Revoked(UUID userId, UUID customerId, String keepRole, String reason) {
        boolean appliesTo(AuthUser user) {
            if (userId != null && userId.equals(user.id())) {
                return keepRole == null || !keepRole.equals(user.role().name());
            }
            return customerId != null && customerId.equals(user.customerId());
        }
    }

    static Optional<Revoked> of(Event e, ObjectMapper json) {
        String name = e.name();
        if (!name.equals("user:deleted") && !name.equals("user:updated") && !name.equals("account:deleted")) {
            return Optional.empty();
        }
        JsonNode data;
        try {
            data = json.readTree(e.data());
        } catch (IOException ex) {
            return Optional.empty();
        }
        return switch (name) {
            case "user:deleted" -> uuid(data.path("userId")).map(id -> new Revoked(id, null, null, "account deleted"));
            case "account:deleted" -> uuid(data.path("customerId")).map(id -> new Revoked(null, id, null, "customer deleted"));
            default -> {
                JsonNode user = data.path("user");
                boolean active = user.path("isActive").asBoolean(true);
                // A role change ends streams opened with the old role: their rooms no longer fit.
                yield uuid(user.path("id")).map(id -> active
                        ? new Revoked(id, null, user.path("role").asText(), "role changed")
                        : new Revoked(id, null, null, "account deactivated"));
            }
        };
    }

    private static Optional<UUID> uuid(JsonNode node) {
        try {
            return node.isTextual() ? Optional.of(UUID.fromString(node.asText())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

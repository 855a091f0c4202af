package com.propertyhub.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.propertyhub.persistence.Database;
import com.propertyhub.realtime.EventBus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;

/**
 * Whether this node can do its job: {@code down} without its database, {@code degraded} when the cluster bus
 * (Redis) is configured but unreachable ({@code redis: "down"}) or found not to deliver ({@code redis: "degraded"}:
 * its canary did not come back); this node still serves its own clients and catches up from the log. Otherwise
 * {@code up}.
 */
public final class Health {
    private final Database database;
    private final EventBus bus;
    private final boolean redisConfigured;

    public Health(Database database, EventBus bus, boolean redisConfigured) {
        this.database = database;
        this.bus = bus;
        this.redisConfigured = redisConfigured;
    }

    @Schema(name = "HealthReport")
    public record Report(String status, String database, String redis) {
        @JsonIgnore
        public boolean isDown() {
            return "down".equals(status);
        }
    }

    public Report check() {
        boolean dbUp = database.isUp();
        String redis = !redisConfigured ? "off" : bus.link().name().toLowerCase(Locale.ROOT);
        String status = !dbUp ? "down" : "up".equals(redis) || "off".equals(redis) ? "up" : "degraded";
        return new Report(status, dbUp ? "up" : "down", redis);
    }
}

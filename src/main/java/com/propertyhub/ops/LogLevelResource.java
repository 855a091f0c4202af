package com.propertyhub.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.propertyhub.identity.Role;
import com.propertyhub.web.ApiException;
import com.propertyhub.web.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/ops/log-level}: reads and changes a logger's level at run time, e.g. {@code com.propertyhub.realtime}
 * to {@code DEBUG} to follow every stream (the seed's {@code DEBUG=socket.io:*}). SUPER_ADMIN only; only this
 * application's loggers. Applies to the node that answers.
 */
@Tag(name = "ops")
@Path("ops/log-level")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.SUPER_ADMIN)
public final class LogLevelResource {
    /** The loggers whose level may be changed: ours and the request log. */
    private static final String LOGGERS = "com\\.propertyhub(\\.[a-z0-9]+)*|http";
    private static final String LOGGERS_RULE = "must be com.propertyhub[.package] or http";
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile(LOGGERS);

    private final RequestValidator validator;

    public LogLevelResource(RequestValidator validator) {
        this.validator = validator;
    }

    @Schema(name = "LogLevelChange")
    public record Change(
            @Pattern(regexp = LOGGERS, message = LOGGERS_RULE)
            String logger,
            @Pattern(regexp = "TRACE|DEBUG|INFO|WARN|ERROR|OFF",
                    message = "must be TRACE, DEBUG, INFO, WARN, ERROR or OFF")
            String level) {
    }

    @GET
    @Operation(operationId = "getLogLevel", summary = "A logger's level (?logger, default the root)")
    public Map<String, String> get(@QueryParam("logger") String name) {
        String logger = name == null || name.isBlank() ? "com.propertyhub" : name;
        if (!OURS.matcher(logger).matches()) {
            throw ApiException.invalidParameter("logger", LOGGERS_RULE);
        }
        return Map.of("logger", logger, "level", logger(logger).getEffectiveLevel().toString());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setLogLevel", summary = "Change a logger's level at run time")
    public Map<String, String> set(Change change) {
        validator.validate(change, "logger", "level");
        logger(change.logger()).setLevel(Level.toLevel(change.level()));
        return Map.of("logger", change.logger(), "level", change.level());
    }

    private static Logger logger(String name) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw ApiException.unavailable("logging_unavailable",
                    "Log levels are managed by the container's logging here");
        }
        return context.getLogger(name);
    }
}

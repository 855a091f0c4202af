package com.propertyhub.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything else is our bug or an outage: logged with its stack trace here, answered without one. A lost
 * database anywhere in the chain is a 503, not a 500.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger log = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        if (Outages.isDatabaseOutage(e)) {
            log.warn("Database unavailable: {}", e.toString());
            return ErrorResponses.of(ApiException.unavailable("database_unavailable",
                    "The database is unavailable; try again shortly"));
        }
        log.error("Unhandled error", e);
        return ErrorResponses.of(500);
    }
}

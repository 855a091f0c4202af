package com.propertyhub.persistence;

import com.propertyhub.web.ApiException;
import com.propertyhub.web.Outages;
import org.hibernate.exception.ConstraintViolationException;

/** Turns persistence failures into API answers: a lost database is 503, a unique-key race is 409. */
final class DatabaseErrors {
    private DatabaseErrors() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof ApiException) {
            return e;
        }
        if (Outages.isDatabaseOutage(e)) {
            return ApiException.unavailable("database_unavailable", "The database is unavailable; try again shortly");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cv
                    && cv.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return ApiException.conflict("conflict", null, "The change conflicts with existing data");
            }
        }
        return e;
    }
}

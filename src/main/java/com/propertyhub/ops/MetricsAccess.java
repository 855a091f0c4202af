package com.propertyhub.ops;

import com.propertyhub.auth.Authenticator;
import com.propertyhub.auth.BearerTokens;
import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read {@code /metrics} (node id, routes, per-room stream counts, JVM internals): a SUPER_ADMIN's or an
 * ADMIN's bearer token, checked like any API token ({@link Authenticator}), or the static {@code METRICS_TOKEN} a
 * Prometheus server scrapes with (a user's JWT expires; a scrape configuration should not).
 */
public final class MetricsAccess {
    private static final Set<Role> READERS = EnumSet.of(Role.SUPER_ADMIN, Role.ADMIN);

    private final Authenticator authenticator;
    private final byte[] scrapeToken;

    /** {@code scrapeToken} {@code null}: user tokens only. */
    public MetricsAccess(Authenticator authenticator, String scrapeToken) {
        this.authenticator = authenticator;
        this.scrapeToken = scrapeToken == null ? null : scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns when the {@code Authorization} header may read the metrics; throws the 401 or 403 otherwise. */
    public void require(String authorization) {
        String bearer = BearerTokens.from(authorization);
        if (bearer == null) {
            throw ApiException.unauthorized("unauthorized",
                    "Authentication required: send Authorization: Bearer <an admin's token or METRICS_TOKEN>");
        }
        // Compared in constant time: the scrape token is a password.
        if (scrapeToken != null && MessageDigest.isEqual(scrapeToken, bearer.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        AuthUser user = authenticator.authenticate(Authenticator.Accepts.BEARER, authorization, null);
        if (!READERS.contains(user.role())) {
            throw ApiException.forbidden("Metrics are for SUPER_ADMIN and ADMIN");
        }
    }
}

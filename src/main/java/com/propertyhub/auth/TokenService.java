package com.propertyhub.auth;

import com.propertyhub.web.ApiException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Issues and verifies the API's HS256 JWTs (RFC 7519) with {@code sub}, {@code role}, {@code customerId},
 * {@code iat}, {@code exp}. Verification accepts nothing but HS256 signed with our key: unsigned
 * ({@code alg: none}, RFC 7519 section 6) and other-algorithm tokens are refused, as are tokens without the
 * claims we rely on.
 */
public final class TokenService {
    private static final String ALGORITHM = "HS256";

    private final SecretKey key;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(byte[] secret, Duration ttl, Clock clock) {
        this.key = Keys.hmacShaKeyFor(secret);
        this.ttl = ttl;
        this.clock = clock;
    }

    public IssuedToken issue(UUID userId, Role role, UUID customerId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        var builder = Jwts.builder()
                .subject(userId.toString())
                .claim("role", role.name())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .id(UUID.randomUUID().toString());
        if (customerId != null) {
            builder.claim("customerId", customerId.toString());
        }
        return new IssuedToken(builder.signWith(key, Jwts.SIG.HS256).compact(), expires);
    }

    /** The caller proven by {@code token}, or a 401 {@link ApiException} saying why not. */
    public AuthUser verify(String token) {
        Jws<Claims> jws;
        try {
            jws = Jwts.parser()
                    .verifyWith(key)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw ApiException.unauthorized("token_expired", "The token has expired; log in again");
        } catch (JwtException | IllegalArgumentException e) {
            throw invalid();
        }
        if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            throw invalid();
        }
        Claims claims = jws.getPayload();
        Role role = Role.parse(claims.get("role", String.class));
        UUID subject = uuid(claims.getSubject());
        String customerClaim = claims.get("customerId", String.class);
        UUID customerId = customerClaim == null ? null : uuid(customerClaim);
        if (role == null || subject == null || claims.getExpiration() == null || claims.getIssuedAt() == null
                || (role.isCustomerSide() && customerId == null) || (role.isInternal() && customerId != null)) {
            throw invalid();
        }
        return new AuthUser(subject, role, customerId, claims.getExpiration().toInstant());
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("invalid_token", "The token is invalid");
    }

    private static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

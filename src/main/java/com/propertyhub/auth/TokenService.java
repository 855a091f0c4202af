package com.propertyhub.auth;

import com.propertyhub.identity.AuthUser;
import com.propertyhub.identity.Role;
import com.propertyhub.web.ApiException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.RequiredTypeException;
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
 * {@code ver} (the user's token version, see {@link ActiveUsers}), {@code iat}, {@code exp}. Verification accepts
 * nothing but HS256 signed with our key: unsigned ({@code alg: none}, RFC 7519 section 6) and other-algorithm tokens
 * are refused, including the HS/RS confusion (a token that names RS256 or ES256, or an HS256 token whose "key" is some
 * public key: the only key is our secret, and only HMAC-SHA256 is tried with it), as are tokens without the claims we
 * rely on. A token that is not valid yet (an {@code nbf} in the future, or an {@code iat} more than {@link #CLOCK_SKEW}
 * ahead of this node's clock; our own tokens carry no {@code nbf}) is refused with {@code token_not_yet_valid}.
 */
public final class TokenService {
    private static final String ALGORITHM = "HS256";
    private static final String VERSION = "ver";
    /** How far another node's clock may run ahead of ours when it issues a token ({@code iat}). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final SecretKey key;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(byte[] secret, Duration ttl, Clock clock) {
        this.key = Keys.hmacShaKeyFor(secret);
        this.ttl = ttl;
        this.clock = clock;
    }

    public IssuedToken issue(UUID userId, Role role, UUID customerId, int tokenVersion) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        var builder = Jwts.builder()
                .subject(userId.toString())
                .claim("role", role.name())
                .claim(VERSION, tokenVersion)
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
        } catch (PrematureJwtException e) {
            throw notYetValid();
        } catch (JwtException | IllegalArgumentException e) {
            throw invalid();
        }
        if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
            throw invalid();
        }
        Claims claims = jws.getPayload();
        if (claims.getIssuedAt() != null
                && claims.getIssuedAt().toInstant().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw notYetValid();
        }
        String roleClaim;
        String customerClaim;
        Integer versionClaim;
        try {
            roleClaim = claims.get("role", String.class);
            customerClaim = claims.get("customerId", String.class);
            versionClaim = claims.get(VERSION, Integer.class);
        } catch (RequiredTypeException e) {
            // {"role": 5}: signed with our key, so never one of ours, but a 401 like any other bad token, not a 500.
            throw invalid();
        }
        Role role = Role.parse(roleClaim);
        UUID subject = uuid(claims.getSubject());
        UUID customerId = customerClaim == null ? null : uuid(customerClaim);
        if (role == null || subject == null || claims.getExpiration() == null || claims.getIssuedAt() == null
                || (role.isCustomerSide() && customerId == null) || (role.isInternal() && customerId != null)) {
            throw invalid();
        }
        // Tokens issued before versions existed carry none: version 0, which every user had then.
        int version = versionClaim == null ? 0 : versionClaim;
        if (version < 0) {
            throw invalid();
        }
        return new AuthUser(subject, role, customerId, claims.getExpiration().toInstant(), version);
    }

    private static ApiException notYetValid() {
        return ApiException.unauthorized("token_not_yet_valid",
                "The token is not valid yet; check the clock of its issuer");
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

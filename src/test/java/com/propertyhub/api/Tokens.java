package com.propertyhub.api;

import com.propertyhub.testsupport.TestNode;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs (RFC 7519) of the kinds the API must refuse, each otherwise a valid SUPER_ADMIN token. */
final class Tokens {
    /** A key of the right length that is not the node's. */
    static final String OTHER_SECRET = "another-secret-that-is-also-32-bytes-or-longer";

    private Tokens() {
    }

    /** Signed with the node's own key (HS256), valid from now for {@code ttl}; negative ttl = already expired. */
    static String signed(String secret, UUID userId, String role, Duration ttl) {
        Instant now = Instant.now();
        Instant exp = now.plus(ttl);
        Instant iat = ttl.isNegative() ? exp.minus(Duration.ofHours(1)) : now;
        return Jwts.builder()
                .subject(userId.toString())
                .claim("role", role)
                .issuedAt(Date.from(iat))
                .expiration(Date.from(exp))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    static String valid(UUID userId, String role) {
        return signed(TestNode.JWT_SECRET, userId, role, Duration.ofHours(1));
    }

    static String expired(UUID userId, String role) {
        return signed(TestNode.JWT_SECRET, userId, role, Duration.ofMinutes(-5));
    }

    static String otherKey(UUID userId, String role) {
        return signed(OTHER_SECRET, userId, role, Duration.ofHours(1));
    }

    /** {@code {"alg":"none"}} and an empty signature: an unsecured JWT (RFC 7519 section 6). */
    static String algNone(UUID userId, String role) {
        return unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(userId, role)) + ".";
    }

    /** A header that says HS256 but no signature at all (a stripped token). */
    static String strippedSignature(UUID userId, String role) {
        return unsigned("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims(userId, role)) + ".";
    }

    /** Signed correctly with the node's key, but with HS384 instead of the API's HS256. */
    static String otherAlgorithm(UUID userId, String role) {
        String content = unsigned("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", claims(userId, role));
        try {
            Mac mac = Mac.getInstance("HmacSHA384");
            mac.init(new SecretKeySpec(TestNode.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA384"));
            return content + "." + b64(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret of jwt.io's HS256 example: published, so anyone can sign with it. */
    static final String PUBLISHED_SECRET = "your-256-bit-secret";
    private static final KeyPair RSA = rsaKeyPair();

    /** HS/RS confusion, first half: {@code alg: RS256}, properly signed with an RSA private key. */
    static String rs256(UUID userId, String role) {
        return Jwts.builder().subject(userId.toString()).claim("role", role)
                .issuedAt(new Date()).expiration(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
    }

    /**
     * HS/RS confusion, second half: {@code alg: HS256} with the RSA public key (its X.509 PEM text, as a server
     * that verifies RS256 would publish it) used as the HMAC secret.
     */
    static String hs256WithPublicKey(UUID userId, String role) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(RSA.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return hs256(pem.getBytes(StandardCharsets.US_ASCII), "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                claims(userId, role));
    }

    /** {@code alg: HS256} signed with a well-known published secret (shorter than 32 bytes, so hand-made). */
    static String publishedSecret(UUID userId, String role) {
        return hs256(PUBLISHED_SECRET.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                claims(userId, role));
    }

    /** Signed with the node's key, but {@code nbf} an hour ahead: not valid yet. */
    static String notBeforeInTheFuture(UUID userId, String role) {
        long now = Instant.now().getEpochSecond();
        return withClaims("{\"sub\":\"" + userId + "\",\"role\":\"" + role + "\",\"iat\":" + now
                + ",\"nbf\":" + (now + 3600) + ",\"exp\":" + (now + 7200) + "}");
    }

    /** Signed with the node's key, issued an hour from now (beyond any clock skew between nodes). */
    static String issuedInTheFuture(UUID userId, String role) {
        long now = Instant.now().getEpochSecond();
        return withClaims("{\"sub\":\"" + userId + "\",\"role\":\"" + role + "\",\"iat\":" + (now + 3600)
                + ",\"exp\":" + (now + 7200) + "}");
    }

    /** Signed with the node's key (HS256) over exactly these claims: for missing and wrongly typed claims. */
    static String withClaims(String claimsJson) {
        return hs256(TestNode.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                claimsJson);
    }

    /** A claim set of a valid SUPER_ADMIN token with one claim removed. */
    static String without(UUID userId, String role, String claim) {
        long now = Instant.now().getEpochSecond();
        java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("sub", userId.toString());
        claims.put("role", role);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.remove(claim);
        StringBuilder json = new StringBuilder("{");
        claims.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
        return withClaims(json.append('}').toString());
    }

    private static String hs256(byte[] secret, String header, String claims) {
        String content = unsigned(header, claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return content + "." + b64(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token with its payload swapped for one that claims more (the signature no longer matches). */
    static String tamperedPayload(String token, UUID userId, String role) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(claims(userId, role).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String claims(UUID userId, String role) {
        long now = Instant.now().getEpochSecond();
        return "{\"sub\":\"" + userId + "\",\"role\":\"" + role + "\",\"iat\":" + now + ",\"exp\":"
                + (now + 3600) + "}";
    }

    private static String unsigned(String header, String claims) {
        return b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package com.propertyhub.auth;

import java.time.Instant;

/** A signed token and when it stops working. */
public record IssuedToken(String token, Instant expiresAt) {
}

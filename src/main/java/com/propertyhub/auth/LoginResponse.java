package com.propertyhub.auth;

import com.propertyhub.user.UserView;
import java.time.Instant;

/** The answer to a successful login. */
public record LoginResponse(String token, Instant expiresAt, UserView user) {
}

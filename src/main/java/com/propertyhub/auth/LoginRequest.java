package com.propertyhub.auth;

import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/auth/login}. */
public record LoginRequest(@Size(max = 320) String email, @Size(max = 1024) String password) {
}

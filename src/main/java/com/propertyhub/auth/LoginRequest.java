package com.propertyhub.auth;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;

import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/auth/login}. */
public record LoginRequest(@Size(max = 320, message = AT_MOST_CHARACTERS) String email,
                           @Size(max = 1024, message = AT_MOST_CHARACTERS) String password) {
}

package com.propertyhub.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an OWNER may change about their own customer (status and plan stay with PropertyHub staff). */
public record AccountInput(
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String company,
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String owner,
        @Size(max = 320) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address") String email,
        @Size(max = 50) @Pattern(regexp = "[0-9+()\\-. ]*", message = "must be a phone number") String phone) {
}

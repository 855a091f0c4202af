package com.propertyhub.account;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.EMAIL;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.PHONE;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What an OWNER may change about their own customer (status and plan stay with PropertyHub staff). */
public record AccountInput(
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String company,
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String owner,
        @Size(max = 320, message = AT_MOST_CHARACTERS) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                message = EMAIL) String email,
        @Size(max = 50, message = AT_MOST_CHARACTERS) @Pattern(regexp = "[0-9+()\\-. ]*",
                message = PHONE) String phone) {
}

package com.propertyhub.user;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.CHARACTERS_BETWEEN;
import static com.propertyhub.web.FieldMessages.EMAIL;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import com.propertyhub.identity.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of user writes (internal staff and customer-side users). Every field is optional here; the
 * resource names the ones an operation requires. In a PATCH, absent fields stay as they are.
 */
public record UserInput(
        @Size(max = 200, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK, message = REQUIRED) String name,
        @Size(max = 320, message = AT_MOST_CHARACTERS) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                message = EMAIL) String email,
        @Size(min = 8, max = 72, message = CHARACTERS_BETWEEN) String password,
        Role role,
        @Size(max = 100, message = AT_MOST_CHARACTERS) String department,
        @Size(max = 200, message = AT_MOST_CHARACTERS) String company,
        @Size(max = 50, message = "must have at most {max} entries") List<@NotNull @Pattern(regexp =
                "[A-Za-z0-9_.:\\-]{1,64}",
                message = "must be 1-64 letters, digits or _ . : -") String> permissions,
        Boolean isActive) {
}

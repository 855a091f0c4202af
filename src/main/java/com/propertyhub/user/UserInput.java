package com.propertyhub.user;

import com.propertyhub.auth.Role;
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
        @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Size(max = 320) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an email address") String email,
        @Size(min = 8, max = 72) String password,
        Role role,
        @Size(max = 100) String department,
        @Size(max = 200) String company,
        @Size(max = 50) List<@NotNull @Pattern(regexp = "[A-Za-z0-9_.:\\-]{1,64}",
                message = "must be 1-64 letters, digits or _ . : -") String> permissions,
        Boolean isActive) {
}

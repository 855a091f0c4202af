package com.propertyhub.maintenance;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A comment on a request's thread. */
public record CommentInput(
        @Size(min = 1, max = 5000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String body) {
}

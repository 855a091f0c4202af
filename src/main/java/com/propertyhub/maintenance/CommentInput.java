package com.propertyhub.maintenance;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A comment on a request's thread: at most {@value #MAX_LENGTH} characters. */
public record CommentInput(
        @Size(min = 1, max = MAX_LENGTH) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String body) {
    public static final int MAX_LENGTH = 2000;
}

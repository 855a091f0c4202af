package com.propertyhub.maintenance;

import static com.propertyhub.web.FieldMessages.AT_MOST_CHARACTERS;
import static com.propertyhub.web.FieldMessages.NOT_BLANK;
import static com.propertyhub.web.FieldMessages.REQUIRED;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A comment on a request's thread: at most {@value #MAX_LENGTH} characters. */
public record CommentInput(
        @Size(max = MAX_LENGTH, message = AT_MOST_CHARACTERS) @Pattern(regexp = NOT_BLANK,
                message = REQUIRED) String body) {
    public static final int MAX_LENGTH = 2000;
}

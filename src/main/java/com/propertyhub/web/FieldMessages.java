package com.propertyhub.web;

/**
 * The wording of field errors, one for each kind of problem, so every form reads the same ("Company is required",
 * "Company must be at most 200 characters", "Password must be 8–72 characters"): the dashboards put the field's
 * label in front. For the Bean Validation annotations of the input records ({max} and {min} are the annotation's).
 */
public final class FieldMessages {
    /** Missing, empty or only spaces; also RequestValidator's message for a required field that is absent. */
    public static final String REQUIRED = "is required";
    /** The regular expression of a text that is not blank (at least one character other than white space). */
    public static final String NOT_BLANK = "(?s).*\\S.*";
    public static final String AT_MOST_CHARACTERS = "must be at most {max} characters";
    public static final String CHARACTERS_BETWEEN = "must be {min}–{max} characters";
    public static final String EMAIL = "must be an email address";
    public static final String PHONE = "must be a phone number";

    private FieldMessages() {
    }
}

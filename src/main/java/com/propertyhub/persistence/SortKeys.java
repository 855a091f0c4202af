package com.propertyhub.persistence;

import java.util.Locale;

/** The lower-cased copy of a name that lists sort and search by, so "acme" and "Acme" sit together. */
public final class SortKeys {
    private SortKeys() {
    }

    public static String of(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}

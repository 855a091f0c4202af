package com.propertyhub.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write that a user of a suspended or cancelled customer may still call (see {@code auth.ReadOnlyCustomers}): it
 * changes nothing of the customer's data, only the caller's own session or reading state.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowedWhileReadOnly {
}

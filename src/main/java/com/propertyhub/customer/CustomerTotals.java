package com.propertyhub.customer;

/** {@code GET /api/customers/totals}: the counts the admin dashboard shows above the paged list. */
public record CustomerTotals(long customers, long properties, long users) {
}

package com.propertyhub.user;

/** {@code GET /api/users/totals}: the counts the staff page shows above the paged list. */
public record UserTotals(long users, long active, long superAdmins) {
}

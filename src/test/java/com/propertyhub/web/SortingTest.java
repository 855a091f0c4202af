package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortingTest {
    private static final Map<String, String> COLUMNS = Sorting.columns("company", "c.companyKey", "createdAt",
            "c.createdAt");

    @Test
    void aColumnSortsAscendingOrWithALeadingMinusDescendingWithTheIdLastTheSameWay() {
        assertEquals(" order by c.companyKey asc, c.id asc", Sorting.orderBy("company", "-createdAt", COLUMNS, "c.id"));
        assertEquals(" order by c.companyKey desc, c.id desc", Sorting.orderBy("-company", "-createdAt", COLUMNS,
                "c.id"));
        assertEquals(" order by c.createdAt desc, c.id desc", Sorting.orderBy(null, "-createdAt", COLUMNS, "c.id"));
        assertEquals(" order by c.createdAt desc, c.id desc", Sorting.orderBy("  ", "-createdAt", COLUMNS, "c.id"));
    }

    @Test
    void anythingElseIsA400ThatListsTheAllowedValuesAndNeverEchoesTheInput() {
        for (String raw : List.of("Company", "--company", "company desc", "c.companyKey", "-", "company;drop")) {
            ApiException e = assertThrows(ApiException.class, () -> Sorting.orderBy(raw, "-createdAt", COLUMNS,
                    "c.id"));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("company, -company, createdAt, -createdAt"), e.getMessage());
            assertTrue(!e.getMessage().contains(raw) || raw.equals("-"), e.getMessage());
        }
    }
}

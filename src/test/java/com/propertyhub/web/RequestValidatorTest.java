package com.propertyhub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.propertyhub.customer.CustomerInput;
import com.propertyhub.user.UserInput;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The wording of field errors, and required fields of nested records, on the real input records. */
class RequestValidatorTest {
    static final RequestValidator validator = new RequestValidator();

    @AfterAll
    static void close() {
        validator.close();
    }

    @Test
    void missingPlanNameAndPriceAreReportedWithTheOtherFieldsInOneAnswer() {
        CustomerInput body = new CustomerInput("  ", null, "ok@example.com", null, null,
                new CustomerInput.PlanInput(null, null));
        assertEquals(List.of(
                        new ApiError.Detail("company", "is required"),
                        new ApiError.Detail("owner", "is required"),
                        new ApiError.Detail("plan.monthlyPrice", "is required"),
                        new ApiError.Detail("plan.name", "is required")),
                details(body, "company", "owner", "email", "plan", "plan.name", "plan.monthlyPrice"));
    }

    @Test
    void aNestedFieldIsRequiredOnlyWhenItsRecordIsThere() {
        CustomerInput body = new CustomerInput("Co", "Owner", "ok@example.com", null, null, null);
        assertEquals(List.of(new ApiError.Detail("plan", "is required")),
                details(body, "plan", "plan.name", "plan.monthlyPrice"));
    }

    @Test
    void lengthsAndBlanksReadTheSameInEveryRecord() {
        CustomerInput customer = new CustomerInput("x".repeat(201), " ", "ok@example.com", null, null,
                new CustomerInput.PlanInput("Starter", BigDecimal.ONE));
        assertEquals(List.of(new ApiError.Detail("company", "must be at most 200 characters"),
                new ApiError.Detail("owner", "is required")), details(customer));
        UserInput user = new UserInput("Pat", "pat@example.com", "short", null, null, null, List.of(), null);
        assertEquals(List.of(new ApiError.Detail("password", "must be 8–72 characters")), details(user));
    }

    private static List<ApiError.Detail> details(Object body, String... required) {
        return assertThrows(ApiException.class, () -> validator.validate(body, required)).details();
    }
}

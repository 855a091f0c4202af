package com.propertyhub.customer;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A customer as the API returns it, in REST answers and in event payloads alike. */
public record CustomerView(
        UUID id,
        String company,
        String owner,
        String email,
        String phone,
        CustomerStatus status,
        Plan plan,
        @JsonProperty("_count") Counts count,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "CustomerPlan")
    public record Plan(String name, BigDecimal monthlyPrice) {
    }

    @Schema(name = "CustomerCounts")
    public record Counts(long properties, long users) {
    }

    static CustomerView of(Customer c, Counts counts) {
        return new CustomerView(c.getId(), c.getCompany(), c.getOwnerName(), c.getEmail(), c.getPhone(),
                c.getStatus(), new Plan(c.getPlanName(), c.getPlanMonthlyPrice()), counts,
                c.getCreatedAt(), c.getUpdatedAt());
    }
}

package com.propertyhub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The one error body of the API: {@code {"error":{"code","message","details":[...]}}}. */
public record ApiError(Body error) {

    public static ApiError of(String code, String message, List<Detail> details) {
        return new ApiError(new Body(code, message, details == null ? List.of() : details));
    }

    @Schema(name = "ErrorBody")
    public record Body(String code, String message, List<Detail> details) {
    }

    /** One problem with one field ({@code field} is null for problems with the whole request). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ErrorDetail")
    public record Detail(String field, String message) {
    }
}

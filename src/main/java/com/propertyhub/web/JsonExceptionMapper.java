package com.propertyhub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A body that is not JSON is a 400; JSON of the wrong shape (unknown field, wrong type, bad enum value) is a
 * 422 naming the field. Jackson's own message is not echoed: it can quote the input back.
 */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && (e instanceof MismatchedInputException)) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return ErrorResponses.of(ApiException.validation(List.of(new ApiError.Detail(field, problem(e)))));
        }
        return ErrorResponses.of(ApiException.badRequest("malformed_json", "The request body is not valid JSON"));
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "is not an accepted value";
        }
        return "has the wrong type";
    }
}

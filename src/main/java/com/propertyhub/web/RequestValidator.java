package com.propertyhub.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a request body: its Bean Validation constraints, plus the fields that the operation requires
 * (one input record serves create, replace and patch; only the required set differs). Every problem is
 * reported at once, as one 422 listing each field.
 */
public final class RequestValidator implements AutoCloseable {
    private final ValidatorFactory factory;
    private final Validator validator;

    public RequestValidator() {
        this.factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /** @param required names of record components that must be present (and not blank) */
    public <T> T validate(T body, String... required) {
        if (body == null) {
            throw ApiException.badRequest("body_required", "A JSON request body is required");
        }
        List<ApiError.Detail> details = new ArrayList<>();
        for (String name : required) {
            Object value = component(body, name);
            if (value == null || (value instanceof String s && s.isBlank())) {
                details.add(new ApiError.Detail(name, "is required"));
            }
        }
        for (ConstraintViolation<T> v : validator.validate(body)) {
            String field = fieldName(v.getPropertyPath());
            if (details.stream().noneMatch(d -> field.equals(d.field()))) {
                details.add(new ApiError.Detail(field, v.getMessage()));
            }
        }
        if (!details.isEmpty()) {
            details.sort(Comparator.comparing(ApiError.Detail::field));
            throw ApiException.validation(details);
        }
        return body;
    }

    private static Object component(Object record, String name) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no field " + name);
    }

    private static String fieldName(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
            if (node.getIndex() != null) {
                sb.append('[').append(node.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        factory.close();
    }
}

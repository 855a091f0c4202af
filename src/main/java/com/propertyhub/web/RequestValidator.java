package com.propertyhub.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
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

    /**
     * @param required names of record components that must be present (and not blank); {@code plan.name} names a
     *                 component of a nested record, required when that record is there
     */
    public <T> T validate(T body, String... required) {
        if (body == null) {
            throw ApiException.badRequest("body_required", "A JSON request body is required");
        }
        List<ApiError.Detail> details = new ArrayList<>();
        for (String name : required) {
            if (missing(body, name)) {
                details.add(new ApiError.Detail(name, FieldMessages.REQUIRED));
            }
        }
        findNulCharacters(body, "", details);
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

    /**
     * PostgreSQL text cannot hold U+0000 (SQLSTATE 22021): such a value would fail only at the insert, as a 500.
     * It is never meaningful in a name, an email or a password, so it is refused here with the other field errors.
     */
    private static void findNulCharacters(Object value, String field, List<ApiError.Detail> details) {
        if (value instanceof String s) {
            if (s.indexOf('\u0000') >= 0) {
                details.add(new ApiError.Detail(field, "must not contain NUL characters"));
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                findNulCharacters(list.get(i), field + "[" + i + "]", details);
            }
        } else if (value instanceof Record record) {
            for (RecordComponent c : COMPONENTS.get(record.getClass())) {
                String name = field.isEmpty() ? c.getName() : field + "." + c.getName();
                findNulCharacters(value(record, c), name, details);
            }
        }
    }

    /** A record class's components, looked up once per class (the lookup copies them on every call). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    /** Whether the (dotted) component {@code path} is absent or blank; false when a record on the way is absent. */
    private static boolean missing(Object record, String path) {
        Object value = record;
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length; i++) {
            value = component(value, names[i]);
            if (value == null) {
                return i == names.length - 1;
            }
        }
        return value instanceof String s && s.isBlank();
    }

    private static Object component(Object record, String name) {
        for (RecordComponent c : COMPONENTS.get(record.getClass())) {
            if (c.getName().equals(name)) {
                return value(record, c);
            }
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no field " + name);
    }

    private static Object value(Object record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The field as the client wrote it: {@code plan.monthlyPrice}, {@code permissions[1]}. A node's index or key
     * says where it sits in the container before it; a container element ({@code <list element>}) has no name
     * of its own on the wire.
     */
    private static String fieldName(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (at != null) {
                    sb.append('[').append(at).append(']');
                }
            }
            if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        factory.close();
    }
}

package com.propertyhub.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What swagger-core cannot see in a record it turns into a schema: the API writes every member of an answer, as
 * {@code null} when it has no value, except members marked {@code @JsonInclude(NON_NULL)}; and a member of a primitive
 * type is never null. Found here by reflection over the records the API answers with, by schema name.
 */
final class AnswerShapes {
    /** One answer record: its members as JSON names, which of them are always written, which may be null. */
    record Shape(Set<String> alwaysPresent, Set<String> neverNull) {
    }

    private final Map<String, Shape> byName = new LinkedHashMap<>();
    private final Set<Type> seen = new LinkedHashSet<>();

    /** The shapes of {@code roots} and of every record they contain, by the schema name swagger-core gives them. */
    static Map<String, Shape> of(Iterable<Type> roots) {
        AnswerShapes shapes = new AnswerShapes();
        roots.forEach(root -> shapes.walk(root));
        return shapes.byName;
    }

    /** @return the schema name swagger-core gives {@code type} (generic records: raw name and type arguments) */
    private String walk(Type type) {
        if (type instanceof ParameterizedType p) {
            StringBuilder name = new StringBuilder();
            String raw = walk(p.getRawType());
            name.append(raw);
            for (Type argument : p.getActualTypeArguments()) {
                String argumentName = walk(argument);
                name.append(argumentName == null ? "" : argumentName);
            }
            if (p.getRawType() instanceof Class<?> c && c.isRecord() && seen.add(p)) {
                byName.putIfAbsent(name.toString(), shape(c, p));
            }
            return name.toString();
        }
        if (type instanceof GenericArrayType a) {
            walk(a.getGenericComponentType());
            return null;
        }
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                walk(c.getComponentType());
                return null;
            }
            String name = schemaName(c);
            if (c.isRecord() && c.getTypeParameters().length == 0 && seen.add(c)) {
                byName.putIfAbsent(name, shape(c, c));
            }
            return name;
        }
        return null;
    }

    private Shape shape(Class<?> record, Type asUsed) {
        Set<String> present = new LinkedHashSet<>();
        Set<String> neverNull = new LinkedHashSet<>();
        boolean recordOmitsNulls = omitsNulls(record.getAnnotation(JsonInclude.class));
        for (RecordComponent component : record.getRecordComponents()) {
            Method accessor = component.getAccessor();
            JsonProperty renamed = accessor.getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            if (!recordOmitsNulls && !omitsNulls(accessor.getAnnotation(JsonInclude.class))) {
                present.add(name);
            }
            if (component.getType().isPrimitive()) {
                neverNull.add(name);
            }
            walk(resolve(component.getGenericType(), record, asUsed));
        }
        return new Shape(present, neverNull);
    }

    /** A member of type T of {@code Page<T>}, as used: {@code Page<CustomerView>}'s items hold CustomerView. */
    private static Type resolve(Type member, Class<?> record, Type asUsed) {
        if (!(asUsed instanceof ParameterizedType used)) {
            return member;
        }
        var parameters = record.getTypeParameters();
        if (member instanceof java.lang.reflect.TypeVariable<?> variable) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].getName().equals(variable.getName())) {
                    return used.getActualTypeArguments()[i];
                }
            }
        }
        if (member instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = resolve(arguments[i], record, asUsed);
            }
            return new ResolvedType(p, arguments);
        }
        return member;
    }

    private static boolean omitsNulls(JsonInclude include) {
        return include != null && include.value() != JsonInclude.Include.ALWAYS
                && include.value() != JsonInclude.Include.USE_DEFAULTS;
    }

    private static String schemaName(Class<?> c) {
        io.swagger.v3.oas.annotations.media.Schema named =
                c.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return named != null && !named.name().isEmpty() ? named.name() : c.getSimpleName();
    }

    /** A parameterized type with its type variables replaced (List<T> in Page<CustomerView>: List<CustomerView>). */
    private record ResolvedType(ParameterizedType original, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return original.getRawType();
        }

        @Override
        public Type getOwnerType() {
            return original.getOwnerType();
        }
    }
}

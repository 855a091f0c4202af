package com.propertyhub.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a setting's raw text comes from. Settings use their environment-variable name
 * (for example {@code DATABASE_URL}) in every source, so one name works everywhere.
 */
@FunctionalInterface
public interface ConfigSource {

    Optional<String> get(String name);

    static ConfigSource of(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    static ConfigSource from(Function<String, String> lookup) {
        return name -> Optional.ofNullable(lookup.apply(name));
    }

    /** System properties, then environment variables: what the standalone run reads. */
    static ConfigSource standard() {
        return firstOf(List.of(from(System::getProperty), from(System::getenv)));
    }

    /** The first source that has a non-blank value wins. */
    static ConfigSource firstOf(List<ConfigSource> sources) {
        return name -> sources.stream()
                .map(source -> source.get(name))
                .flatMap(Optional::stream)
                .filter(value -> !value.isBlank())
                .findFirst();
    }
}

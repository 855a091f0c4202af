package com.propertyhub.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The JVM defaults of a node: the flags of {@code .mvn/jvm.config}, which the run command's JVM gets from Maven. */
final class JvmDefaults {
    private JvmDefaults() {
    }

    static List<String> flags() {
        try {
            List<String> flags = words(Files.readString(Path.of(".mvn/jvm.config")));
            if (flags.isEmpty()) {
                throw new AssertionError(".mvn/jvm.config names no JVM flags");
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}

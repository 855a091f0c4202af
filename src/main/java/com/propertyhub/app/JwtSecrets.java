package com.propertyhub.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The JWT signing key: {@code JWT_SECRET}, or for the embedded default a random one kept in the data directory. */
final class JwtSecrets {
    private static final String FILE = "jwt-secret";

    private JwtSecrets() {
    }

    static byte[] resolve(AppConfig config) {
        if (config.jwtSecret() != null) {
            return config.jwtSecret().getBytes(StandardCharsets.UTF_8);
        }
        Path file = config.dataDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            DataDirectory.prepare(config.dataDir());
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            DataDirectory.writeNewPrivateFile(file, Base64.getEncoder().encodeToString(secret));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the JWT secret in " + file, e);
        }
    }
}

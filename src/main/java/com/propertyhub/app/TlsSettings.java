package com.propertyhub.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * The HTTPS connector of the standalone server: {@code TLS_PORT}, and the PKCS12 {@code TLS_KEYSTORE} with its
 * {@code TLS_KEYSTORE_PASSWORD}. The keystore is opened while the settings are read, so a wrong path, password or
 * format stops the start with a sentence naming the setting, not with a stack trace from the TLS stack.
 */
public record TlsSettings(int port, Path keystore, String password) {
    /** Used when {@code TLS_KEYSTORE} is set and {@code TLS_PORT} is not. */
    public static final int DEFAULT_PORT = 8443;

    public TlsSettings {
        check(keystore, password);
    }

    @Override
    public String toString() {
        return "TlsSettings[port=" + port + ", keystore=" + keystore + "]";
    }

    private static void check(Path keystore, String password) {
        if (!Files.isRegularFile(keystore) || !Files.isReadable(keystore)) {
            throw new ConfigException("TLS_KEYSTORE " + keystore.toAbsolutePath() + " is not a readable file");
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            // PKCS12 reports a wrong password as an IOException whose cause is an UnrecoverableKeyException.
            throw new ConfigException("TLS_KEYSTORE " + keystore.toAbsolutePath()
                    + " cannot be opened as a PKCS12 keystore with TLS_KEYSTORE_PASSWORD (" + e.getMessage() + ")");
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias) && store.getCertificate(alias) != null;
            }
            if (!hasKey) {
                throw new ConfigException("TLS_KEYSTORE " + keystore.toAbsolutePath()
                        + " holds no private key with a certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("TLS_KEYSTORE " + keystore.toAbsolutePath() + " cannot be read: "
                    + e.getMessage());
        }
    }
}

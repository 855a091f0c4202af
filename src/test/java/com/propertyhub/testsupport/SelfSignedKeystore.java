package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 keystore with one self-signed RSA certificate for {@code localhost} and {@code 127.0.0.1}, made by the
 * JDK's own {@code keytool}, for nodes started with {@code TLS_KEYSTORE}; and a client {@link SSLContext} that
 * trusts exactly that certificate.
 */
public record SelfSignedKeystore(Path path, String password) {

    public static SelfSignedKeystore create(Path dir) {
        Path file = dir.resolve("node.p12");
        String password = "keystore-password-1";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true);
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(file)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new SelfSignedKeystore(file, password);
    }

    /** The node settings that turn HTTPS on with this keystore, on a free port. */
    public String[] settings() {
        return new String[] {"TLS_KEYSTORE=" + path, "TLS_KEYSTORE_PASSWORD=" + password, "TLS_PORT=0"};
    }

    /** A TLS context that trusts this keystore's certificate and nothing else. */
    public SSLContext trustingClientContext() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}

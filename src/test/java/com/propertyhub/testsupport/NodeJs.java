package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Node.js and npm packages for tests that drive a JavaScript client: Node from Debian (installed with apt when
 * missing, root only; fails loudly otherwise), packages with npm into a folder under {@code target/}, once.
 */
public final class NodeJs {
    public static final String NODE = "/usr/bin/node";
    public static final String NPM = "/usr/bin/npm";

    private NodeJs() {
    }

    /**
     * A folder under {@code target/} with {@code packageSpec} (e.g. {@code eventsource@5.1.5}) installed and the
     * test resource {@code script} copied in, so the script's imports resolve; returns the script's path.
     */
    public static synchronized Path scriptWithPackage(String folder, String packageSpec, String packageName,
                                                      String script) {
        Apt.install(NODE, "nodejs");
        Apt.install(NPM, "npm");
        Path dir = Path.of("target", folder).toAbsolutePath();
        Path installed = dir.resolve("node_modules").resolve(packageName).resolve("package.json");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \""
                    + packageSpec.substring(packageSpec.lastIndexOf('@') + 1) + "\"")) {
                Processes.Result r = Processes.cmd(NPM, "install", "--no-audit", "--no-fund", "--prefix",
                        dir.toString(), packageSpec).timeout(Duration.ofMinutes(5)).exec();
                if (!r.ok() || !Files.exists(installed)) {
                    throw new IllegalStateException("npm install " + packageSpec + " failed (exit " + r.exitCode()
                            + ")" + Processes.describeOutput(r.output()));
                }
            }
            Path target = dir.resolve(Path.of(script).getFileName().toString());
            try (InputStream in = NodeJs.class.getResourceAsStream("/" + script)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + script + " is missing");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code npm ci} in {@code dir} (a Node project with its {@code package-lock.json}), unless its
     * {@code node_modules} was installed from that same lock file already.
     */
    public static synchronized void npmCi(Path dir) {
        Apt.install(NODE, "nodejs");
        Apt.install(NPM, "npm");
        Path lock = dir.resolve("package-lock.json");
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(lock)) >= 0) {
                return;
            }
            Processes.Result r = Processes.cmd(NPM, "ci", "--no-audit", "--no-fund").dir(dir)
                    .timeout(Duration.ofMinutes(5)).exec();
            if (!r.ok()) {
                throw new IllegalStateException("npm ci in " + dir + " failed (exit " + r.exitCode() + ")"
                        + Processes.describeOutput(r.output()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

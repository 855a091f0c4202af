package com.propertyhub.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Installs missing Debian packages for the test services, once, when (and only when) the JVM runs as root.
 * {@code apt-get update} runs at most once per JVM; all apt output is streamed into {@link #log()}.
 */
public final class Apt {

    private static boolean updated;

    private Apt() {
    }

    /** Installs {@code packages} unless {@code binaryPath} already exists; afterwards the path must exist. */
    public static void install(String binaryPath, String... packages) {
        Path binary = Path.of(binaryPath);
        install(binaryPath, () -> Files.isExecutable(binary), packages);
    }

    /**
     * Installs {@code packages} unless {@code present} already holds; afterwards it must hold.
     *
     * @param what describes what is missing (a path, usually), for messages
     * @throws IllegalStateException when not root (naming the packages to install), or when the installation
     *                               fails to provide {@code what} (quoting the tail of the apt output)
     */
    public static synchronized void install(String what, BooleanSupplier present, String... packages) {
        if (present.getAsBoolean()) {
            return;
        }
        String list = String.join(" ", packages);
        if (!Processes.isRoot()) {
            throw new IllegalStateException(what + " is missing and the tests are not running as root, so they "
                    + "cannot install it. Install it first: sudo apt-get install -y " + list);
        }
        Path log = log();
        System.err.println("[testsupport] " + what + " is missing: installing Debian package(s) " + list
                + " (apt output in " + log.toAbsolutePath() + ")");
        if (!updated) {
            Processes.Result update = apt(log, Duration.ofMinutes(20), "update");
            if (!update.ok()) {
                throw new IllegalStateException("apt-get update failed (exit " + update.exitCode()
                        + "), so " + what + " cannot be installed; see " + log.toAbsolutePath()
                        + Processes.describeOutput(update.output()));
            }
            updated = true;
        }
        String[] args = new String[packages.length + 2];
        args[0] = "install";
        args[1] = "-y";
        System.arraycopy(packages, 0, args, 2, packages.length);
        Processes.Result install = apt(log, Duration.ofMinutes(30), args);
        if (present.getAsBoolean()) {
            if (!install.ok()) {
                // e.g. a package's post-install script could not start its own system service (postgresql's
                // cluster on 5432, redis on 6379): irrelevant here, the tests start their own instances.
                System.err.println("[testsupport] apt-get install " + list + " exited with " + install.exitCode()
                        + " but " + what + " is now present; continuing");
            }
            return;
        }
        throw new IllegalStateException("apt-get install -y " + list + " (exit " + install.exitCode()
                + ") did not provide " + what + "; see " + log.toAbsolutePath()
                + Processes.describeOutput(install.output()));
    }

    /** Where apt output goes: {@code target/testsupport-apt.log} under the working directory when it exists. */
    public static Path log() {
        Path target = Path.of("target");
        Path dir = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        Path log = dir.resolve("testsupport-apt.log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    private static Processes.Result apt(Path log, Duration timeout, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "apt-get";
        // Wait for a concurrently running apt/dpkg instead of failing on its lock.
        command[1] = "-o";
        command[2] = "DPkg::Lock::Timeout=900";
        System.arraycopy(args, 0, command, 3, args.length);
        return Processes.cmd(Arrays.asList(command))
                .env("DEBIAN_FRONTEND", "noninteractive")
                .timeout(timeout)
                .log(log)
                .exec();
    }
}

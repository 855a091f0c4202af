package com.propertyhub.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code DATA_DIR} holds the embedded database (every customer's data and the bcrypt hashes) and the generated JWT
 * secret: the directory is its owner's only (0700) and so is every file in it (0600). The database files are made
 * by H2 with the process's umask, so they are tightened once it has opened them; files it makes later (a trace
 * file) are behind the closed directory all the same.
 */
final class DataDirectory {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataDirectory() {
    }

    /** Creates {@code dir} for its owner only, or closes an existing one to others. */
    static void prepare(Path dir) {
        try {
            if (!POSIX) {
                Files.createDirectories(dir);
                return;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            Files.setPosixFilePermissions(dir, DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + dir, e);
        }
    }

    /** Every file directly in {@code dir} becomes its owner's only. */
    static void closeFiles(Path dir) {
        if (!POSIX || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the files in " + dir, e);
        }
    }

    /** Writes a new file that is its owner's only from the moment it exists. */
    static void writeNewPrivateFile(Path file, String content) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}

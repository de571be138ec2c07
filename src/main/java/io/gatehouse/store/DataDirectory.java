package io.gatehouse.store;

import io.gatehouse.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory holds the embedded store and the master key file: only the node's own user may enter it (0700)
 * or read what is in it (0600). A JVM cannot set its umask, and SQLite creates its files itself, so the modes are set
 * explicitly rather than left to the umask: the directory when it is created or found wider, the files once they
 * exist at start-up (SQLite gives a write-ahead log it creates later the store file's own mode). Whatever else is
 * created later sits in a directory no one else can enter.
 */
public final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Creates the directory with mode 0700, or narrows an existing one to it. */
    public static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            if (posix(dir)) {
                String was = narrow(dir, DIRECTORY_MODE);
                if (was != null) {
                    log.info("Narrowed the data directory {} to rwx------ (was {})", dir, was);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot prepare the data directory " + dir + ": " + e.getMessage());
        }
    }

    /** Narrows every file in the directory (the database, its lock, the key files) to mode 0600. */
    public static void narrowFiles(Path dir) {
        if (!Files.isDirectory(dir) || !posix(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                narrow(file, FILE_MODE);
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot set the permissions of the files in the data directory " + dir + ": "
                    + e.getMessage());
        }
    }

    /** Sets the mode; returns the earlier one when it differed, else null. */
    private static String narrow(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (now.equals(mode)) {
            return null;
        }
        Files.setPosixFilePermissions(path, mode);
        return PosixFilePermissions.toString(now);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

package io.gatehouse;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.crypto.KeyringException;
import io.gatehouse.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real node on a data directory that starts out world-readable: it ends up the owner's alone. */
@Tag("db")
class DataDirectoryTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static GatehouseConfig config(TestDatabase db) {
        return config(db, db.dataDir());
    }

    private static GatehouseConfig config(TestDatabase db, Path dataDir) {
        Map<String, String> s = new HashMap<>(db.settings());
        s.put("data.dir", dataDir.toString());
        s.put("gateway.port", "0");
        s.put("gateway.host", "127.0.0.1");
        s.put("admin.port", "0");
        s.put("gateway.instances", "1");
        s.put("admin.password", "configured-password-1");
        return new GatehouseConfig(Settings.of(s));
    }

    @Test
    void theDataDirectoryIs0700AndEveryFileInIt0600() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            Files.setPosixFilePermissions(db.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            try (Gatehouse ignored = Gatehouse.start(config(db), QUIET)) {
                assertThat(mode(db.dataDir())).isEqualTo("rwx------");
                List<Path> files = files(db.dataDir());
                assertThat(files).extracting(f -> f.getFileName().toString()).contains("master.key");
                if (!db.isPostgres()) {
                    // SQLite creates these itself, with whatever the umask allows.
                    assertThat(files).extracting(f -> f.getFileName().toString())
                            .contains("gatehouse.db", "gatehouse.db-wal", "gatehouse.db-shm");
                }
                for (Path file : files) {
                    assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void aDataDirectoryThatDoesNotExistYetIsCreated0700() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            Path nested = db.dataDir().resolve("nested");
            try (Gatehouse ignored = Gatehouse.start(config(db, nested), QUIET)) {
                assertThat(mode(nested)).isEqualTo("rwx------");
            }
        }
    }

    @Test
    void aMasterKeyFileOthersMayReadRefusesTheStartWithTheFix() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            Gatehouse.start(config(db), QUIET).close();
            Path key = db.dataDir().resolve("master.key");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

            assertThatThrownBy(() -> Gatehouse.start(config(db), QUIET))
                    .isInstanceOf(KeyringException.class)
                    .hasMessageContaining("chmod 600 " + key);

            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Gatehouse.start(config(db), QUIET).close();
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).toList();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

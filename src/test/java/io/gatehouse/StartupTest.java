package io.gatehouse;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.crypto.KeyringException;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First start, later starts, and refusing to start with the wrong master key. */
@Tag("db")
class StartupTest {

    private static GatehouseConfig config(TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(db.settings());
        s.put("gateway.port", "0");
        s.put("gateway.host", "127.0.0.1");
        s.put("admin.port", "0");
        s.put("gateway.instances", "1");
        s.putAll(extra);
        return new GatehouseConfig(Settings.of(s));
    }

    @Test
    void firstStartCreatesTheOwnerAndPrintsItsPasswordOnceOnly() {
        try (TestDatabase db = TestDatabase.create()) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            String password;
            try (Gatehouse node = Gatehouse.start(config(db, Map.of()), new PrintStream(first, true, StandardCharsets.UTF_8))) {
                String console = first.toString(StandardCharsets.UTF_8);
                assertThat(console).contains("admin@localhost");
                Matcher m = Pattern.compile("password: (\\S+)").matcher(console);
                assertThat(m.find()).isTrue();
                password = m.group(1);
                Api admin = new Api("http://127.0.0.1:" + node.adminPort(), null);
                var login = admin.post("/user/login", Map.of("email", "admin@localhost", "password", password));
                assertThat(login.status()).isEqualTo(200);
                var token = login.text("accessToken");
                var workspaces = admin.as(token).get("/workspace").json().path("workspaces");
                assertThat(workspaces).hasSize(1);
                assertThat(workspaces.get(0).path("default").asBoolean()).isTrue();
            }
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            try (Gatehouse node = Gatehouse.start(config(db, Map.of()), new PrintStream(second, true, StandardCharsets.UTF_8))) {
                assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain(password).doesNotContain("password:");
                Api admin = new Api("http://127.0.0.1:" + node.adminPort(), null);
                assertThat(admin.post("/user/login", Map.of("email", "admin@localhost", "password", password)).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void configuredAdminCredentialsAreUsedAndNothingIsPrinted() {
        try (TestDatabase db = TestDatabase.create()) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (Gatehouse node = Gatehouse.start(config(db, Map.of("admin.email", "Root@Example.test", "admin.password", "configured-password-1")),
                    new PrintStream(console, true, StandardCharsets.UTF_8))) {
                assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("configured-password-1").doesNotContain("password:");
                Api admin = new Api("http://127.0.0.1:" + node.adminPort(), null);
                assertThat(admin.post("/user/login", Map.of("email", "root@example.test", "password", "configured-password-1")).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void theKeyFileIsCreatedOwnerOnly() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            try (Gatehouse ignored = Gatehouse.start(config(db, Map.of("admin.password", "configured-password-1")), System.out)) {
                var perms = Files.getPosixFilePermissions(db.dataDir().resolve("master.key"));
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(perms)).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aWrongOrMissingMasterKeyRefusesToStartAndChangesNothing() throws Exception {
        String key1 = Base64.getEncoder().encodeToString(Tokens.randomBytes(32));
        String key2 = Base64.getEncoder().encodeToString(Tokens.randomBytes(32));
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, String> base = Map.of("admin.password", "configured-password-1");
            Map<String, String> withKey1 = new HashMap<>(base);
            withKey1.put("master.key", key1);
            Gatehouse.start(config(db, withKey1), System.out).close();
            String before = snapshot(db);

            Map<String, String> withKey2 = new HashMap<>(base);
            withKey2.put("master.key", key2);
            assertThatThrownBy(() -> Gatehouse.start(config(db, withKey2), System.out))
                    .isInstanceOf(KeyringException.class)
                    .hasMessageContaining("does not open the secrets")
                    .hasMessageContaining("nothing was changed");
            assertThatThrownBy(() -> Gatehouse.start(config(db, base), System.out))
                    .isInstanceOf(KeyringException.class)
                    .hasMessageContaining("No master key");
            assertThat(Files.exists(db.dataDir().resolve("master.key"))).isFalse();
            assertThat(snapshot(db)).isEqualTo(before);

            Gatehouse.start(config(db, withKey1), System.out).close();
        }
    }

    private static String snapshot(TestDatabase db) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.connect()) {
            for (String q : new String[] {"SELECT COUNT(*) FROM system_event", "SELECT COUNT(*) FROM app_user",
                    "SELECT sealed FROM server_secret", "SELECT COUNT(*) FROM user_session"}) {
                try (ResultSet rs = c.createStatement().executeQuery(q)) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append(';');
                    }
                }
            }
        }
        return sb.toString();
    }
}

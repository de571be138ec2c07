package io.gatehouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A data directory holding the H2 store of an earlier version starts on SQLite with every row: a node writes real
 * data through the API, its store is turned into the H2 database the earlier version kept (migrated by the same
 * scripts, the same rows), and the next start imports it — signing in, the audit log with its timestamps, a
 * sealed provider credential answering on the gateway — and renames the H2 file.
 */
class H2ImportTest {
    private static final String PROVIDER_SECRET = "sk-import-test-0123456789";
    private static final String H2_PASSWORD = "h2-password-of-an-earlier-version";

    @Test
    void importsTheH2StoreOfAnEarlierVersionOnFirstStart() throws Exception {
        assumeFalse(TestDatabase.postgres(), "the import concerns the embedded store");
        try (FakeOpenAi provider = new FakeOpenAi(PROVIDER_SECRET); TestServer server = TestServer.start()) {
            TestServer.Session owner = server.owner();
            String ws = server.defaultWorkspace(owner);
            String llm = PlatformCalls.aiLlm(owner.api(), ws, "fake", "OTHER", provider.endpoint(), PROVIDER_SECRET);
            String repo = PlatformCalls.repo(owner.api(), ws, "imported", llm);
            String key = PlatformCalls.repoKey(owner.api(), repo, "k").text("secret");
            assertThat(chat(server, key).status()).isEqualTo(200);
            Path dataDir = server.database().dataDir();
            await().atMost(Duration.ofSeconds(10)).until(() -> counts(dataDir).get("usage_event") == 1);
            JsonNode audit = owner.api().get("/systemevent?take=100").json().path("events");
            Map<String, Long> rows = counts(dataDir);

            server.restart(() -> turnIntoEarlierH2Store(dataDir));

            assertThat(CapturedLogs.matching("Imported the H2 store")).contains("gatehouse.mv.db.imported-");
            assertThat(dataDir.resolve("gatehouse.mv.db")).doesNotExist();
            assertThat(dataDir.resolve("gatehouse.mv.db.imported-" + LocalDate.now(ZoneOffset.UTC))).exists();
            assertThat(counts(dataDir)).isEqualTo(rows);
            Api api = server.login(TestServer.OWNER_EMAIL, TestServer.OWNER_PASSWORD).api();
            // The audit log as it was, with its timestamps to the microsecond; signing in again added one event.
            List<JsonNode> events = new ArrayList<>();
            api.get("/systemevent?take=100").json().path("events").forEach(events::add);
            assertThat(events.getFirst().path("event").asText()).isEqualTo("login");
            assertThat(events.subList(1, events.size())).containsExactlyElementsOf(audit);
            assertThat(api.get("/repo/" + repo).json().path("repo").path("name").asText()).isEqualTo("imported");
            assertThat(chat(server, key).status()).isEqualTo(200);
            // The audit log's identity key goes on after the imported rows.
            PlatformCalls.repo(api, ws, "after-import");
            assertThat(counts(dataDir).get("system_event")).isGreaterThan(rows.get("system_event"));
        }
    }

    private static HttpResult chat(TestServer server, String key) {
        return server.gateway(key).post("/v1/chat/completions", Map.of("model", "gpt-4o",
                "messages", List.of(Map.of("role", "user", "content", "hi"))));
    }

    /** Rows per table of the SQLite store. */
    private static Map<String, Long> counts(Path dataDir) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = sqlite(dataDir)) {
            for (String table : tables(c)) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * What an earlier version left: the same rows in an H2 file ({@code gatehouse.mv.db}) migrated by the same scripts,
     * its password in {@code db.password}, and no SQLite store (but the leftover of an interrupted import).
     */
    private static void turnIntoEarlierH2Store(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("db.password"), H2_PASSWORD + "\n");
            String url = "jdbc:h2:file:" + dataDir.resolve("gatehouse").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            Flyway.configure().dataSource(url, "gatehouse", H2_PASSWORD).locations("classpath:db/migration").load().migrate();
            try (Connection from = sqlite(dataDir); Connection to = DriverManager.getConnection(url, "gatehouse", H2_PASSWORD)) {
                to.createStatement().execute("SET REFERENTIAL_INTEGRITY FALSE");
                for (String table : tables(from)) {
                    to.createStatement().execute("DELETE FROM " + table);
                    copy(from, to, table);
                }
                to.createStatement().execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
            for (Path file : Database.embeddedFiles(dataDir)) {
                Files.deleteIfExists(file);
            }
            // What a start killed in the middle of an import leaves: the next start imports again from the top.
            Files.writeString(dataDir.resolve("gatehouse.db.importing"), "half an import");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Connection from, Connection to, String table) throws SQLException {
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            List<String> types = new ArrayList<>();
            try (ResultSet none = to.createStatement().executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0")) {
                for (int i = 1; i <= columns.size(); i++) {
                    types.add(none.getMetaData().getColumnTypeName(i));
                }
            }
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", columns)
                    + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)")) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        insert.setObject(i, value instanceof String text && types.get(i - 1).startsWith("TIMESTAMP")
                                ? OffsetDateTime.parse(text) : value);
                    }
                    insert.executeUpdate();
                }
            }
        }
    }

    private static List<String> tables(Connection sqlite) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master"
                + " WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'flyway_schema_history' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static Connection sqlite(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + Database.embeddedFiles(dataDir).getFirst());
    }
}

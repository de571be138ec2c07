package io.gatehouse.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, """
                gateway:
                  port: 7000
                  host: 10.0.0.1
                admin:
                  port: 7001
                  host: 127.0.0.2
                db:
                  url: jdbc:postgresql://db.internal/gatehouse
                """);
        Settings s = Settings.load(file,
                Map.of("GATEHOUSE_GATEWAY_PORT", "7100", "GATEHOUSE_ADMIN_PORT", "7101", "PATH", "/bin"),
                Map.of("admin.port", "7201"));
        GatehouseConfig config = new GatehouseConfig(s);

        assertThat(config.gatewayHost()).isEqualTo("10.0.0.1");
        assertThat(config.gatewayPort()).isEqualTo(7100);
        assertThat(config.adminPort()).isEqualTo(7201);
        assertThat(config.adminHost()).isEqualTo("127.0.0.2");
        assertThat(config.dbUrl()).contains("jdbc:postgresql://db.internal/gatehouse");
    }

    @Test
    void propertiesFilesWorkToo() throws Exception {
        Path file = dir.resolve("gatehouse.properties");
        Files.writeString(file, "gateway.port=7300\nredis.url=redis://127.0.0.1:6379\n");
        GatehouseConfig config = new GatehouseConfig(Settings.load(file, Map.of(), Map.of()));
        assertThat(config.gatewayPort()).isEqualTo(7300);
        assertThat(config.redisUrl()).contains("redis://127.0.0.1:6379");
    }

    @Test
    void defaultsMatchTheSpecification() {
        GatehouseConfig config = new GatehouseConfig(Settings.load(null, Map.of(), Map.of()));
        assertThat(config.gatewayHost()).isEqualTo("0.0.0.0");
        assertThat(config.gatewayPort()).isEqualTo(8080);
        assertThat(config.adminHost()).isEqualTo("127.0.0.1");
        assertThat(config.adminPort()).isEqualTo(8081);
        assertThat(config.dbUrl()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
        assertThat(config.adminEmail()).isEqualTo("admin@localhost");
    }

    @Test
    void everyDocumentedEnvironmentVariableIsRead() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("GATEHOUSE_GATEWAY_PORT", "1"), Map.entry("GATEHOUSE_ADMIN_PORT", "2"),
                Map.entry("GATEHOUSE_ADMIN_HOST", "0.0.0.0"), Map.entry("GATEHOUSE_DB_URL", "jdbc:postgresql://db/x"),
                Map.entry("GATEHOUSE_DB_USER", "u"), Map.entry("GATEHOUSE_DB_PASSWORD", "p"),
                Map.entry("GATEHOUSE_DATA_DIR", "/srv/gh"), Map.entry("GATEHOUSE_MASTER_KEY", "k"),
                Map.entry("GATEHOUSE_ADMIN_EMAIL", "root@example.com"), Map.entry("GATEHOUSE_ADMIN_PASSWORD", "pw"),
                Map.entry("GATEHOUSE_REDIS_URL", "redis://r:6379"));
        GatehouseConfig c = new GatehouseConfig(Settings.load(null, env, Map.of()));
        assertThat(c.gatewayPort()).isEqualTo(1);
        assertThat(c.adminPort()).isEqualTo(2);
        assertThat(c.adminHost()).isEqualTo("0.0.0.0");
        assertThat(c.dbUrl()).contains("jdbc:postgresql://db/x");
        assertThat(c.dbUser()).contains("u");
        assertThat(c.dbPassword()).contains("p");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/gh"));
        assertThat(c.masterKey()).contains("k");
        assertThat(c.adminEmail()).isEqualTo("root@example.com");
        assertThat(c.adminPassword()).contains("pw");
        assertThat(c.redisUrl()).contains("redis://r:6379");
        assertThat(c.toString()).doesNotContain("pw").doesNotContain("=k");
    }

    @Test
    void malformedValuesAreReportedByName() {
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("gateway.port", "eighty"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.port");
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("admin.port", "70000"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin.port");
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("db.url", "mysql://x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db.url");
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void durationsTakeUnits() {
        Settings s = Settings.of(Map.of("a", "250ms", "b", "30s", "c", "5m", "d", "1500", "e", "1.5s"));
        assertThat(s.getDuration("a", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.getDuration("b", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.getDuration("c", null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.getDuration("d", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.getDuration("e", null)).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Settings.of(Map.of("x", "soon")).getDuration("x", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x");
    }
}

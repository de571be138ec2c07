package io.gatehouse.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The typed configuration of one Gatehouse node. Built from {@link Settings}; components that own
 * further settings read them from {@link #settings()} under their own prefix (see docs/configuration.md).
 */
public final class GatehouseConfig {
    private final Settings settings;
    private final String gatewayHost;
    private final int gatewayPort;
    private final String adminHost;
    private final int adminPort;
    private final Path dataDir;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String masterKey;
    private final String adminEmail;
    private final String adminPassword;
    private final String redisUrl;
    private final int gatewayInstances;
    private final ListenerLimits gatewayLimits;
    private final ListenerLimits adminLimits;

    public GatehouseConfig(Settings settings) {
        this.settings = settings;
        this.gatewayHost = settings.get("gateway.host", "0.0.0.0");
        this.gatewayPort = port(settings, "gateway.port", 8080);
        this.adminHost = settings.get("admin.host", "127.0.0.1");
        this.adminPort = port(settings, "admin.port", 8081);
        this.dataDir = Path.of(settings.get("data.dir", "./data")).toAbsolutePath().normalize();
        this.dbUrl = settings.get("db.url").filter(s -> !s.isBlank()).orElse(null);
        this.dbUser = settings.get("db.user").orElse(null);
        this.dbPassword = settings.get("db.password").orElse(null);
        this.masterKey = settings.get("master.key").filter(s -> !s.isBlank()).orElse(null);
        this.adminEmail = settings.get("admin.email", "admin@localhost");
        this.adminPassword = settings.get("admin.password").filter(s -> !s.isBlank()).orElse(null);
        this.redisUrl = settings.get("redis.url").filter(s -> !s.isBlank()).orElse(null);
        this.gatewayInstances = settings.getInt("gateway.instances", Runtime.getRuntime().availableProcessors());
        this.gatewayLimits = ListenerLimits.from(settings, "gateway", 10_000, 1_000);
        this.adminLimits = ListenerLimits.from(settings, "admin", 1_000, 256);
        if (gatewayInstances < 1) {
            throw new ConfigException("Setting gateway.instances must be at least 1");
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("Setting db.url must be a PostgreSQL URL (jdbc:postgresql://…), or be left unset"
                    + " for the embedded store in the data directory");
        }
    }

    private static int port(Settings settings, String key, int fallback) {
        int port = settings.getInt(key, fallback);
        if (port < 0 || port > 65535) {
            throw new ConfigException("Setting " + key + " must be a port number between 0 and 65535, got " + port);
        }
        return port;
    }

    public Settings settings() { return settings; }
    public String gatewayHost() { return gatewayHost; }
    public int gatewayPort() { return gatewayPort; }
    public String adminHost() { return adminHost; }
    public int adminPort() { return adminPort; }
    public Path dataDir() { return dataDir; }
    /** The JDBC URL of an external database, or empty for the embedded one under {@link #dataDir()}. */
    public Optional<String> dbUrl() { return Optional.ofNullable(dbUrl); }
    public Optional<String> dbUser() { return Optional.ofNullable(dbUser); }
    public Optional<String> dbPassword() { return Optional.ofNullable(dbPassword); }
    public Optional<String> masterKey() { return Optional.ofNullable(masterKey); }
    public String adminEmail() { return adminEmail; }
    public Optional<String> adminPassword() { return Optional.ofNullable(adminPassword); }
    public Optional<String> redisUrl() { return Optional.ofNullable(redisUrl); }
    public int gatewayInstances() { return gatewayInstances; }
    /** Timeouts and connection caps of the gateway listener ({@code gateway.listener.*}). */
    public ListenerLimits gatewayLimits() { return gatewayLimits; }
    /** Timeouts and connection caps of the admin listener ({@code admin.listener.*}). */
    public ListenerLimits adminLimits() { return adminLimits; }

    /** Secrets are never printed: only where they come from. */
    @Override
    public String toString() {
        return "GatehouseConfig{gateway=" + gatewayHost + ":" + gatewayPort
                + ", admin=" + adminHost + ":" + adminPort
                + ", dataDir=" + dataDir
                + ", db=" + (dbUrl == null ? "embedded" : dbUrl.replaceAll("(?i)password=[^&;]*", "password=***"))
                + ", masterKey=" + (masterKey == null ? "key file" : "environment")
                + ", redis=" + (redisUrl == null ? "off" : "on") + "}";
    }
}

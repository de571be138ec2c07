package io.gatehouse.cli;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options shared by every command that reads the configuration: the file ({@code --config}, else
 * {@code GATEHOUSE_CONFIG}, else {@code ./gatehouse.yaml} when present), a few common settings as flags, and
 * {@code --set key=value} for any other. Flags win over the environment, which wins over the file.
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (YAML or .properties).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set gateway.port=9090 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--gateway-port", paramLabel = "PORT", description = "Gateway listener port (default 8080).")
    Integer gatewayPort;

    @Option(names = "--admin-port", paramLabel = "PORT", description = "Admin listener port (default 8081).")
    Integer adminPort;

    @Option(names = "--admin-host", paramLabel = "HOST", description = "Admin listener address (default 127.0.0.1).")
    String adminHost;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory for the embedded store and key file (default ./data).")
    Path dataDir;

    public GatehouseConfig load() {
        Map<String, String> env = System.getenv();
        Path file = configFile;
        if (file == null && env.containsKey("GATEHOUSE_CONFIG")) {
            file = Path.of(env.get("GATEHOUSE_CONFIG"));
        }
        if (file == null && Files.isRegularFile(Path.of("gatehouse.yaml"))) {
            file = Path.of("gatehouse.yaml");
        }
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (gatewayPort != null) {
            flags.put("gateway.port", gatewayPort.toString());
        }
        if (adminPort != null) {
            flags.put("admin.port", adminPort.toString());
        }
        if (adminHost != null) {
            flags.put("admin.host", adminHost);
        }
        if (dataDir != null) {
            flags.put("data.dir", dataDir.toString());
        }
        return new GatehouseConfig(Settings.load(file, env, flags));
    }
}

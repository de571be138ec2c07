package io.gatehouse.config;

import io.gatehouse.guard.ListenerGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerLimitsTest {
    @TempDir
    Path dir;

    @Test
    void eachListenerHasItsOwnLimitsFromFileEnvironmentAndFlags() throws Exception {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, """
                gateway:
                  listener:
                    timeout:
                      header: 5s
                    max:
                      connections: 20000
                """);
        GatehouseConfig config = new GatehouseConfig(Settings.load(file,
                Map.of("GATEHOUSE_GATEWAY_LISTENER_MAX_CONNECTIONS_PER_SOURCE", "0"),
                Map.of("admin.listener.timeout.idle", "2m")));

        assertThat(config.gatewayLimits()).isEqualTo(new ListenerLimits(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(75), 20_000, 0));
        assertThat(config.adminLimits()).isEqualTo(new ListenerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(2), 1_000, 256));
    }

    @Test
    void capsNearTheProcesssFileLimitAreWarnedAbout() {
        GatehouseConfig defaults = new GatehouseConfig(Settings.of(Map.of()));
        assertThat(ListenerGuard.warnAboveFileLimit(1024, defaults.gatewayLimits(), defaults.adminLimits())).isTrue();
        assertThat(ListenerGuard.warnAboveFileLimit(1_048_576, defaults.gatewayLimits(), defaults.adminLimits())).isFalse();
        assertThat(ListenerGuard.warnAboveFileLimit(-1, defaults.gatewayLimits())).isFalse();
    }

    @Test
    void limitsThatWouldDisableTheGuardAreRefused() {
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("gateway.listener.max.connections", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.listener.max.connections");
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("admin.listener.timeout.body", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin.listener.timeout");
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("admin.listener.max.connections.per.source", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.connections.per.source");
    }
}

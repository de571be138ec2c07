package io.gatehouse.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One JSON line per request, with metadata only unless body logging is switched on, and then redacted. */
class AccessLogTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The entry's line, which must be one JSON object ending in a newline. */
    private static JsonNode line(AccessLog log, AccessLogEntry entry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.format(entry, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        return MAPPER.readTree(text);
    }

    static AccessLogEntry entry(String requestId) {
        return new AccessLogEntry()
                .request(Instant.parse("2026-01-15T10:00:00Z"), requestId, "POST", "/v1/chat/completions", "10.0.0.7", "openai-python/1.0")
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .caller("repo-1", "key-1")
                .route("llm-1", "openai", "gpt-4o", true)
                .tokens(12, 34)
                .result(200, "ok", null)
                .timing(850, 2L, 310L)
                .policyAction("log")
                .bodies("My card is 4111 1111 1111 1111", "Noted.");
    }

    @Test
    void aLineHoldsTheRequestsMetadataButNoBodies() throws Exception {
        JsonNode line = line(AccessLog.withoutBodies(), entry("req-1"));
        assertThat(line.path("ts").asText()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("durationMs").asLong()).isEqualTo(850);
        assertThat(line.path("overheadMs").asLong()).isEqualTo(2);
        assertThat(line.path("firstChunkMs").asLong()).isEqualTo(310);
        assertThat(line.path("client").asText()).isEqualTo("10.0.0.7");
        assertThat(line.path("userAgent").asText()).isEqualTo("openai-python/1.0");
        assertThat(line.path("repoId").asText()).isEqualTo("repo-1");
        assertThat(line.path("repoAiApiKeyId").asText()).isEqualTo("key-1");
        assertThat(line.path("aiLlmId").asText()).isEqualTo("llm-1");
        assertThat(line.path("provider").asText()).isEqualTo("openai");
        assertThat(line.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(line.path("stream").asBoolean()).isTrue();
        assertThat(line.path("tokensIn").asLong()).isEqualTo(12);
        assertThat(line.path("tokensOut").asLong()).isEqualTo(34);
        assertThat(line.path("outcome").asText()).isEqualTo("ok");
        assertThat(line.path("policyAction").asText()).isEqualTo("log");
        assertThat(line.has("errorKind")).as("absent values are left out").isFalse();
        assertThat(line.has("prompt")).isFalse();
        assertThat(line.has("completion")).isFalse();
        assertThat(line.toString()).doesNotContain("4111");
    }

    @Test
    void bodiesAreLoggedOnlyWhenSwitchedOnAndThenRedactedAndCut() throws Exception {
        AccessLog log = AccessLog.withBodies(text -> text.replaceAll("\\d{4} \\d{4} \\d{4} \\d{4}", "[CARD]"), 20);
        JsonNode line = line(log, entry("req-2"));
        assertThat(line.path("prompt").asText()).isEqualTo("My card is [CARD]").doesNotContain("4111");
        assertThat(line.path("completion").asText()).isEqualTo("Noted.");
        JsonNode cut = line(log, entry("req-3").bodies("x".repeat(50), null));
        assertThat(cut.path("prompt").asText()).hasSize(21).endsWith("…");
        assertThat(cut.has("completion")).isFalse();
        assertThatThrownBy(() -> AccessLog.withBodies(null, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlCharactersInClientTextAreEscapedSoALineStaysOneLine() throws Exception {
        String forged = "gpt-4o\r\n{\"forged\":1}\u001b[2J\u007f\u0085\u009b31m\u2028\u2029\u202eevil";
        AccessLogEntry e = entry("req-5").route("llm-1", "openai", forged, false);
        e.request(Instant.parse("2026-01-15T10:00:00Z"), "req-5", "POST", "/v1/chat/completions", "10.0.0.7",
                "agent\u2028ERROR forged");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog.withoutBodies().format(e, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.substring(0, text.length() - 1)).as("one line, every control character written as an escape")
                .doesNotContainPattern("[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cf}]")
                .contains("\\u007F", "\\u0085", "\\u009B", "\\u2028", "\\u2029", "\\u202E", "\\r\\n");
        JsonNode line = MAPPER.readTree(text);
        assertThat(line.path("model").asText()).as("still the same value for a JSON reader").isEqualTo(forged);
        assertThat(line.path("userAgent").asText()).isEqualTo("agent\u2028ERROR forged");
    }

    @Test
    void theDetectorsRedactionMasksWhatThePolicyDetectorsFind() throws Exception {
        AccessLog log = AccessLog.withBodies(AccessLog::redactWithDetectors, 4096);
        JsonNode line = line(log, entry("req-4").bodies(
                "Mail jane.doe@example.com or call, card 4111 1111 1111 1111, again jane.doe@example.com", "ok"));
        assertThat(line.path("prompt").asText()).doesNotContain("jane.doe@example.com").doesNotContain("4111 1111")
                .contains("[EMAIL_1]").contains("[CARD_1]").endsWith("again [EMAIL_1]");
        assertThat(AccessLog.redactWithDetectors("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void settingsChooseWhatIsLoggedAndWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.jsonl");
        String id = UUID.randomUUID().toString();
        try (AccessLog log = AccessLog.fromSettings(Settings.of(Map.of("access.log.file", file.toString())), t -> "[R]",
                new SimpleMeterRegistry())) {
            log.write(entry(id));
            log.write(entry(id + "-2"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.getFirst()).path("requestId").asText()).isEqualTo(id);
        assertThat(MAPPER.readTree(lines.getFirst()).has("prompt")).isFalse();

        try (AccessLog bodies = AccessLog.fromSettings(Settings.of(Map.of("access.log.bodies", "true")), t -> "[R]",
                new SimpleMeterRegistry())) {
            assertThat(bodies.logsBodies()).isTrue();
            assertThat(line(bodies, entry("x")).path("prompt").asText()).isEqualTo("[R]");
        }

        Path unused = dir.resolve("off.jsonl");
        try (AccessLog log = AccessLog.fromSettings(Settings.of(Map.of("access.log.enabled", "false",
                "access.log.file", unused.toString())), t -> t, new SimpleMeterRegistry())) {
            log.write(entry("off"));
        }
        assertThat(unused).doesNotExist();
        assertThatThrownBy(() -> AccessLog.fromSettings(Settings.of(Map.of("access.log.file", file + "/not-a-dir/x")), t -> t,
                new SimpleMeterRegistry())).isInstanceOf(ConfigException.class).hasMessageContaining("access.log.file");
    }

    @Test
    void aFullQueueDropsLinesAndCountsThemInsteadOfWaiting(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AccessLog log = AccessLog.fromSettings(Settings.of(Map.of("access.log.queue", "10",
                "access.log.file", dir.resolve("a.jsonl").toString())), t -> t, registry)) {
            for (int i = 0; i < 1_000; i++) {
                log.write(entry("flood-" + i));
            }
        }
        assertThat(registry.get("gatehouse_access_log_dropped").counter().count()).isPositive();
    }
}

package io.gatehouse.testing;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Helpers for tests that drive the gateway listener: the official OpenAI, Google GenAI and Anthropic SDKs pointed at it, raw HTTP where the SDK
 * hides details (SSE frames, headers), waiting until a new key reaches the gateway's snapshot, and reading the
 * usage rows it wrote.
 */
public final class GatewayWorld {
    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayWorld() {
    }

    /** Settings for servers whose usage rows tests read soon after the request. */
    public static Map<String, String> settings() {
        return Map.of("usage.flush.interval", "100ms", "gateway.media.allow.private", "true");
    }

    /** The OpenAI SDK with the gateway's {@code /v1} as base URL and a repo key, without retries. */
    public static OpenAIClient openAi(TestServer server, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.gatewayUrl() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** The Google GenAI SDK (Gemini Developer API) with the gateway as base URL and a repo key, without retries. */
    public static Client gemini(TestServer server, String key, String apiVersion) {
        return Client.builder().apiKey(key).httpOptions(HttpOptions.builder().baseUrl(server.gatewayUrl())
                .apiVersion(apiVersion).timeout(30_000).retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build()).build();
    }

    /** The Anthropic SDK with the gateway's {@code /anthropic} as base URL and a repo key, without retries. */
    public static AnthropicClient anthropic(TestServer server, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(server.gatewayUrl() + "/anthropic").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** A repo key: its id (as in usage rows) and its secret. */
    public record Key(String id, String secret) {
    }

    /** Creates a repo key and waits until the gateway knows it. */
    public static Key key(TestServer server, String repoId, String name) {
        return known(server, PlatformCalls.repoKey(server.owner().api(), repoId, name));
    }

    /** A key of the repository created with {@code limits}, once the gateway knows it. */
    public static Key key(TestServer server, String repoId, String name, Map<String, Object> limits) {
        HttpResult created = server.owner().api().post("/repo/" + repoId + "/ai/apikey",
                Map.of("name", name, "limits", limits));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return known(server, created);
    }

    private static Key known(TestServer server, HttpResult created) {
        Key key = new Key(created.text("id"), created.text("secret"));
        awaitKnown(server, key.secret());
        return key;
    }

    public static void awaitKnown(TestServer server, String secret) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.gateway(secret).get("/v1/models").status() == 200);
    }

    /** A POST with a raw JSON body and extra headers; the whole answer as text. */
    public static HttpResult post(TestServer server, String path, String key, String body, String... headers) {
        return send(server, "POST", path, key, body, headers);
    }

    /** A request of any method, with a raw JSON body (or none, when null) and extra headers. */
    public static HttpResult send(TestServer server, String method, String path, String key, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(r.statusCode(), r.body(), r.headers());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** The usage rows of a key, oldest first, once {@code count} of them are there. */
    public static List<Map<String, Object>> usage(TestServer server, String keyId, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            rows.clear();
            rows.addAll(rows(server, keyId));
            return rows.size() >= count;
        });
        return rows;
    }

    private static List<Map<String, Object>> rows(TestServer server, String keyId) throws SQLException {
        return query(server, "SELECT * FROM usage_event WHERE api_key_id = ? ORDER BY id", keyId);
    }

    /**
     * The rows of a query with one string parameter, each as a map from lower-case column label to value, as the
     * column's declared type says (SQLite hands back the smallest fitting number and booleans as 0 and 1).
     */
    public static List<Map<String, Object>> query(TestServer server, String sql, String parameter) throws SQLException {
        try (Connection c = server.database().connect();
             var st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), value(rs, i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static Object value(ResultSet rs, int column) throws SQLException {
        Object value = switch (rs.getMetaData().getColumnTypeName(column).toLowerCase(Locale.ROOT)) {
            case "boolean", "bool" -> rs.getBoolean(column);
            case "bigint", "int8" -> rs.getLong(column);
            case "integer", "int", "int4", "smallint", "int2" -> rs.getInt(column);
            default -> rs.getObject(column);
        };
        return rs.wasNull() ? null : value;
    }
}

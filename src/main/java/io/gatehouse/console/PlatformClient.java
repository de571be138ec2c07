package io.gatehouse.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatehouse.platform.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The console's way into the Platform API: plain HTTP to this node's own admin listener, with the signed-in
 * user's token. The API decides what the user may see and do, exactly as for any other client.
 */
public final class PlatformClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A streamed answer may take as long as the gateway lets a conversation prompt run. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Binds answers to view records by the API's field names. Fields a view leaves out are ignored; a field a view
     * names but the answer lacks, or a null where the view holds a primitive, is an error (the page fails loudly
     * instead of showing a blank cell or an unchecked box that a save would then write back).
     */
    private static final ObjectMapper VIEWS = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final HttpClient http;
    private final Supplier<String> baseUrl;

    public PlatformClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * One answer of the API: its status and JSON body ({@code success}, {@code message}, …), read through the
     * console's view records ({@link io.gatehouse.console.view}).
     */
    public record Answer(int status, JsonNode json) {
        public boolean ok() {
            return status < 300 && json.path("success").asBoolean(false);
        }

        public String message() {
            return json.path("message").asText("The request failed (HTTP " + status + ")");
        }

        /** The whole answer as the given type (its fields by name). */
        public <T> T as(Class<T> type) {
            return bind(json, VIEWS.constructType(type));
        }

        /** One field of the answer as the given type; the answer must have it. */
        public <T> T field(String name, Class<T> type) {
            return bind(require(name), VIEWS.constructType(type));
        }

        /** A list field of the answer, each item as the given type; the answer must have it. */
        public <T> List<T> list(String name, Class<T> type) {
            return bind(require(name), VIEWS.getTypeFactory().constructCollectionType(List.class, type));
        }

        private JsonNode require(String name) {
            if (!json.has(name)) {
                throw new IllegalStateException("The Platform API's answer has no field '" + name + "'");
            }
            return json.get(name);
        }

        private static <T> T bind(JsonNode node, JavaType type) {
            try {
                return VIEWS.treeToValue(node, type);
            } catch (JsonMappingException e) {
                throw new IllegalStateException("The Platform API's answer does not fit " + e.getPathReference() + ": "
                        + e.getOriginalMessage(), e);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The Platform API's answer does not fit " + type.toCanonical(), e);
            }
        }
    }

    /** The API refused the user's token: the console signs the user out. */
    public static final class SignedOut extends RuntimeException {
        SignedOut() {
            super("Signed out", null, false, false);
        }
    }

    /** A request on behalf of one user. */
    public final class As {
        private final String token;

        As(String token) {
            this.token = token;
        }

        public Answer get(String path, Map<String, String> query) {
            return send("GET", path + queryString(query), null);
        }

        public Answer post(String path, Object body) {
            return send("POST", path, body);
        }

        public Answer put(String path, Object body) {
            return send("PUT", path, body);
        }

        public Answer delete(String path) {
            return send("DELETE", path, null);
        }

        /**
         * A POST whose answer is read as it arrives (server-sent events, such as a streamed conversation prompt); the
         * caller reads and closes the body. A refusal before the stream comes as an ordinary JSON answer.
         */
        public HttpResponse<InputStream> postStreaming(String path, Object body) {
            return exchange(HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                    .timeout(STREAM_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
        }

        /** Like {@link #get} but an answer that is not a success becomes a {@link ConsoleFailure}. */
        public Answer read(String path, Map<String, String> query) {
            Answer answer = get(path, query);
            if (!answer.ok()) {
                throw new ConsoleFailure(answer.status(), answer.message());
            }
            return answer;
        }

        public Answer read(String path) {
            return read(path, Map.of());
        }

        private Answer send(String method, String path, Object body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
            }
            HttpResponse<byte[]> response = exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                JsonNode json = response.body().length == 0 ? MissingNode.getInstance() : Json.MAPPER.readTree(response.body());
                return new Answer(response.statusCode(), json);
            } catch (IOException e) {
                throw new ConsoleFailure(502, "The Platform API's answer is not JSON: " + e.getMessage());
            }
        }

        /** Sends as this user; a refused token signs the user out. */
        private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                HttpResponse<T> response = http.send(request, handler);
                if (response.statusCode() == 401) {
                    if (response.body() instanceof InputStream in) {
                        in.close();
                    }
                    throw new SignedOut();
                }
                return response;
            } catch (IOException e) {
                throw new ConsoleFailure(502, "The Platform API did not answer: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsoleFailure(503, "Interrupted");
            }
        }
    }

    public As as(String token) {
        return new As(token);
    }

    /** Query parameters with empty values left out. */
    public static String queryString(Map<String, String> query) {
        String joined = query.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An ordered map for query strings and JSON bodies (nulls allowed, unlike {@link Map#of}). */
    public static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}

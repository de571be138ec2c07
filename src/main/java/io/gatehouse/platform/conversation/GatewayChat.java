package io.gatehouse.platform.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends a conversation's turn to this node's own gateway listener ({@code POST /v1/chat/completions}) with the
 * conversation's key, so the request takes the same stages as any client's. The gateway's refusals (a policy
 * block, a limit, an unknown model) come back as Platform API errors with the gateway's status and code.
 */
final class GatewayChat {
    /** What the gateway answered: the assistant's text and the tokens it counted. */
    record Answer(String content, String model, long promptTokens, long completionTokens) {
    }

    private final Supplier<String> gatewayBase;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GatewayChat(Supplier<String> gatewayBase, Duration timeout) {
        this.gatewayBase = gatewayBase;
        this.timeout = timeout;
    }

    /** @param messages the OpenAI chat messages, earlier turns first and this prompt last */
    Answer complete(String keySecret, String model, List<Map<String, String>> messages, String userId,
                    String conversationId) {
        try (InputStream in = send(keySecret, Map.of("model", model, "messages", messages, "user", userId),
                conversationId, userId)) {
            JsonNode answer = parse(in.readAllBytes());
            JsonNode usage = answer.path("usage");
            return new Answer(answer.path("choices").path(0).path("message").path("content").asText(""),
                    answer.path("model").asText(null), usage.path("prompt_tokens").asLong(0),
                    usage.path("completion_tokens").asLong(0));
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * The same turn streamed, in two steps so that a refusal comes before anything is streamed: this sends it (and
     * throws the gateway's refusal); {@link #relay} then hands each text delta on as it arrives. An error frame
     * mid-stream (an output policy's block) is thrown with its code.
     */
    InputStream openStream(String keySecret, String model, List<Map<String, String>> messages, String userId,
                           String conversationId) {
        return send(keySecret, Map.of("model", model, "messages", messages, "user", userId, "stream", true,
                "stream_options", Map.of("include_usage", true)), conversationId, userId);
    }

    /** Reads a stream {@link #openStream} opened, to its end. */
    Answer relay(InputStream stream, Consumer<String> delta) {
        StringBuilder text = new StringBuilder();
        String answeredBy = null;
        long in = 0;
        long out = 0;
        try (stream; BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("data:") || line.substring(5).isBlank()) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    return new Answer(text.toString(), answeredBy, in, out);
                }
                JsonNode chunk = parse(data.getBytes(StandardCharsets.UTF_8));
                if (chunk.has("error")) {
                    throw refusal(200, chunk.path("error"));
                }
                answeredBy = chunk.path("model").asText(answeredBy);
                String piece = chunk.path("choices").path(0).path("delta").path("content").asText("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    delta.accept(piece);
                }
                if (chunk.path("usage").isObject()) {
                    in = chunk.path("usage").path("prompt_tokens").asLong(0);
                    out = chunk.path("usage").path("completion_tokens").asLong(0);
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
        throw new ApiException(502, "gateway_error", "The gateway's stream ended before it finished");
    }

    /** The gateway's answer body once it said 200; its refusal as an error otherwise. */
    private InputStream send(String keySecret, Map<String, Object> body, String conversationId, String userId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayBase.get() + "/v1/chat/completions"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + keySecret)
                .header("Content-Type", "application/json")
                // Attribution for usage records (issue 19); the gateway does not forward these upstream.
                .header("x-gatehouse-user", userId)
                .header("x-gatehouse-conversation", conversationId)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                try (InputStream in = response.body()) {
                    throw refusal(response.statusCode(), parse(in.readAllBytes()).path("error"));
                }
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "Interrupted");
        }
    }

    private static ApiException refusal(int status, JsonNode error) {
        String code = error.path("code").asText("");
        return new ApiException(status == 200 ? 502 : status, code.isEmpty() ? "gateway_error" : code,
                "The gateway refused the prompt: " + error.path("message").asText("HTTP " + status));
    }

    private static ApiException unreachable(IOException e) {
        return new ApiException(502, "gateway_unreachable", "The gateway did not answer: " + e.getMessage());
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(502, "gateway_error", "The gateway's answer could not be read");
        }
    }
}

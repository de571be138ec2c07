package io.gatehouse.platform.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        String body = Json.write(Map.of("model", model, "messages", messages, "user", userId));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayBase.get() + "/v1/chat/completions"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + keySecret)
                .header("Content-Type", "application/json")
                // Attribution for usage records (issue 19); the gateway does not forward these upstream.
                .header("x-gatehouse-user", userId)
                .header("x-gatehouse-conversation", conversationId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(502, "gateway_unreachable", "The gateway did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "Interrupted");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() != 200) {
            JsonNode error = answer.path("error");
            String code = error.path("code").asText("");
            throw new ApiException(response.statusCode(), code.isEmpty() ? "gateway_error" : code,
                    "The gateway refused the prompt: " + error.path("message").asText("HTTP " + response.statusCode()));
        }
        JsonNode message = answer.path("choices").path(0).path("message");
        JsonNode usage = answer.path("usage");
        return new Answer(message.path("content").asText(""), answer.path("model").asText(null),
                usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(502, "gateway_error", "The gateway's answer could not be read");
        }
    }
}

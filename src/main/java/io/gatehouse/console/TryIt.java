package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.console.view.PolicyEvent;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * "Try it" on a repository: the console sends the user's message through this node's gateway listener
 * ({@code POST /v1/chat/completions}, streaming) with the key secret the user pasted — used for this one request,
 * never stored or logged — or the key just created on the page (kept sealed in the session cookie until the page is
 * left), and relays the answer to the browser as it arrives: text deltas, then the request's
 * facts (status, latency, tokens when the stream reported them, the gateway's request id) and an outcome (finished,
 * or the gateway's error such as a policy block, with its status and code); last, what the policies did to it, read
 * back from the violations recorded under its request id.
 */
final class TryIt {
    private static final int MAX_MESSAGE = 32 * 1024;
    /**
     * Violations reach the store within the policy flush interval (50 ms by default), after the request: a few short
     * looks find them without holding the panel long when no policy acted.
     */
    private static final int POLICY_LOOKS = 4;
    private static final Duration POLICY_LOOK_PAUSE = Duration.ofMillis(150);

    private final Supplier<String> gatewayBase;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TryIt(Supplier<String> gatewayBase) {
        this.gatewayBase = gatewayBase;
    }

    void register(ConsoleRoutes routes) {
        routes.stream("/ui/w/:ws/repos/:id/try", this::send);
    }

    private void send(ConsoleCall call, ConsoleRoutes.EventSink sink) {
        // Only from a repository the user can see in this workspace.
        if (!call.path("ws").equals(RepoPages.repo(call, call.path("id")).workspaceId())) {
            throw new ConsoleFailure(404, "Repository not found");
        }
        String key = keyOf(call);
        String model = call.form("model");
        String message = call.form("message");
        if (key.isEmpty() || model.isEmpty() || message.isEmpty()) {
            throw new ConsoleFailure(400, "Paste a key secret, choose a model and write a message.");
        }
        if (message.length() > MAX_MESSAGE) {
            throw new ConsoleFailure(400, "The message is longer than " + MAX_MESSAGE / 1024 + " KiB.");
        }
        // The panel tries this repository: a key of another one (told apart by its masked form) is turned away.
        String hint = Tokens.mask(key);
        if (RepoPages.keys(call, call.path("id")).stream().noneMatch(k -> hint.equals(k.key()))) {
            throw new ConsoleFailure(400, "That is not the secret of one of this repository's keys.");
        }
        String body = Json.write(Map.of("model", model, "stream", true, "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", message))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayBase.get() + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            Facts facts = new Facts(response.statusCode(), started, response.headers().firstValue("x-request-id").orElse(null));
            if (response.statusCode() != 200) {
                try (InputStream in = response.body()) {
                    String error = describeError(response.statusCode(), in.readAllBytes());
                    facts.send(sink);
                    sink.outcome(false, response.statusCode(), error);
                }
            } else {
                relay(response, facts, sink);
            }
            reportPolicies(call, facts.requestId, sink);
        } catch (IOException e) {
            throw new ConsoleFailure(502, "The gateway did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleFailure(503, "Interrupted");
        }
    }

    /**
     * The secret pasted, or else the key just created on this page when the form names it (its secret kept sealed in
     * the session, never sent to the browser again); empty when neither.
     */
    private static String keyOf(ConsoleCall call) {
        String pasted = call.form("key");
        ConsoleSession.TryKey kept = call.session().tryKey();
        if (pasted.isEmpty() && kept != null && kept.repoId().equals(call.path("id"))
                && kept.keyId().equals(call.form("createdKeyId"))) {
            return kept.secret();
        }
        return pasted;
    }

    /** What the policies did to the request, from its recorded violations ("Mask emails: redacted (INPUT: …)"). */
    private static void reportPolicies(ConsoleCall call, String requestId, ConsoleRoutes.EventSink sink) throws InterruptedException {
        if (requestId == null) {
            return;
        }
        List<PolicyEvent.Violation> found = List.of();
        for (int look = 0; look < POLICY_LOOKS && found.isEmpty() && sink.open(); look++) {
            if (look > 0) {
                Thread.sleep(POLICY_LOOK_PAUSE);
            }
            found = call.api().read("/policy/violations", Map.of("requestId", requestId, "workspaceId", call.path("ws")))
                    .list("violations", PolicyEvent.Violation.class);
        }
        sink.event(Map.of("type", "policies", "text", found.isEmpty() ? "No policy acted on this request."
                : found.stream().map(v -> v.policyName() + ": " + v.outcome() + " (" + v.direction() + ": " + v.explanation() + ")")
                .collect(Collectors.joining("; "))));
    }

    /** What the panel says about the request beside its answer; tokens once the stream's usage chunk arrives. */
    private static final class Facts {
        private final int status;
        private final long started;
        private final String requestId;
        private JsonNode usage;

        Facts(int status, long started, String requestId) {
            this.status = status;
            this.started = started;
            this.requestId = requestId;
        }

        void send(ConsoleRoutes.EventSink sink) {
            StringBuilder text = new StringBuilder("Status ").append(status).append(" · ")
                    .append(Duration.ofNanos(System.nanoTime() - started).toMillis()).append(" ms");
            if (usage != null) {
                text.append(" · ").append(usage.path("prompt_tokens").asLong()).append(" tokens in, ")
                        .append(usage.path("completion_tokens").asLong()).append(" out");
            }
            text.append(" · request id ").append(requestId == null ? "none" : requestId);
            sink.event(Map.of("type", "facts", "text", text.toString()));
        }
    }

    private static void relay(HttpResponse<InputStream> response, Facts facts, ConsoleRoutes.EventSink sink) throws IOException {
        try (InputStream in = response.body();
             Stream<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && sink.open()) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    facts.send(sink);
                    sink.outcome(true, 200, "Finished.");
                    return;
                }
                JsonNode chunk = Json.MAPPER.readTree(data);
                if (chunk.has("error")) {
                    facts.send(sink);
                    sink.outcome(false, 200, describe(chunk.path("error")));
                    return;
                }
                if (chunk.path("usage").isObject()) {
                    facts.usage = chunk.path("usage");
                }
                for (JsonNode choice : chunk.path("choices")) {
                    String text = choice.path("delta").path("content").asText("");
                    if (!text.isEmpty()) {
                        sink.event(Map.of("type", "delta", "text", text));
                    }
                }
            }
            facts.send(sink);
            sink.outcome(true, 200, "The stream ended.");
        }
    }

    private static String describeError(int status, byte[] body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            return error.isMissingNode() ? "HTTP " + status : "HTTP " + status + ": " + describe(error);
        } catch (IOException e) {
            return "HTTP " + status;
        }
    }

    private static String describe(JsonNode error) {
        String code = error.path("code").asText("");
        String type = error.path("type").asText("");
        String label = "policy_violation".equals(type) || code.startsWith("policy_") ? "Blocked by policy" : "Error";
        return label + (code.isEmpty() ? "" : " (" + code + ")") + ": " + error.path("message").asText("");
    }
}

package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.provider.ProviderJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenEstimate#inputBound}, what the limits stage reserves from a lease without reading the text, is never
 * below the exact estimate of the text the stage would read ({@link PolicyText}), by either rule: escapes, multi-byte
 * and surrogate characters, many empty segments (each boundary two bytes), keys read as text, base64 documents.
 */
class InputBoundTest {

    private static void boundHolds(Api api, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String text = PolicyText.request(api, ProviderJson.read(body)).text().joined();
        long bound = TokenEstimate.inputBound(body.length);
        assertThat(TokenEstimate.input(text, true)).as(json).isLessThanOrEqualTo(bound);
        assertThat(TokenEstimate.input(text, false)).as(json).isLessThanOrEqualTo(bound);
    }

    @Test
    void theBoundCoversHandWrittenEdgeCases() {
        boundHolds(Api.CHAT, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        boundHolds(Api.CHAT, "{\"model\":\"m\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"\"},".repeat(200)
                + "{\"role\":\"user\",\"content\":\"\"}]}");
        boundHolds(Api.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\n\\t\\u00e9\\ud83d\\ude00"
                + "日本語 😀 \\\"\"}]}");
        boundHolds(Api.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":\"string\",\"enum\":[\"b\",\"c\"]}}}}}]}");
        String document = Base64.getEncoder().encodeToString("a plain text document ".repeat(50)
                .getBytes(StandardCharsets.UTF_8));
        boundHolds(Api.ANTHROPIC_MESSAGES, "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"text/plain\","
                + "\"data\":\"" + document + "\"}},{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":"
                + "{\"k\":\"v\",\"deep\":{\"kk\":[\"a\",\"\"]}}}]}]}");
        boundHolds(Api.EMBEDDINGS, "{\"model\":\"text-embedding-3-small\",\"input\":[\"\",\"a\",\"\",\"ü\"]}");
        boundHolds(Api.GEMINI_GENERATE, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"\"},{\"text\":\"é\"}]}],"
                + "\"systemInstruction\":{\"parts\":[{\"text\":\"\"}]}}");
    }

    @Test
    void theBoundCoversRandomTextsInEveryPlane() {
        Random random = new Random(16);
        for (int round = 0; round < 300; round++) {
            ObjectNode body = ProviderJson.object().put("model", "gpt-4o");
            ArrayNode messages = body.putArray("messages");
            int count = 1 + random.nextInt(6);
            for (int m = 0; m < count; m++) {
                messages.addObject().put("role", "user").put("content", randomText(random));
            }
            boundHolds(Api.CHAT, body.toString());
            boundHolds(Api.CHAT, asciiEscaped(body));
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            int codePoint = switch (kind) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x800 + random.nextInt(0xD000);
                default -> 0x10000 + random.nextInt(0x1000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** The body with every non-ASCII character escaped, as some clients send it. */
    private static String asciiEscaped(JsonNode body) {
        StringBuilder out = new StringBuilder();
        for (char c : body.toString().toCharArray()) {
            out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}

package io.gatehouse.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.openai.OpenAiBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's peek at a client's body ({@code ReadRequest}: {@link OpenAiBody#peek}, which reads the whole body
 * token by token and refuses repeated keys), against the same scan without duplicate detection: what refusing
 * repeated keys costs per request. Bodies: a short chat, a long conversation, and a request with tools whose JSON
 * schemas hold many keys per object. Run with
 * {@code ./mvnw -Pbench test -Djmh.args="RequestPeekBenchmark"} (see docs/security.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestPeekBenchmark {
    @Param({"short", "conversation", "tools"})
    public String body;

    private byte[] bytes;

    @Setup
    public void build() {
        StringBuilder json = new StringBuilder("{\"model\":\"gpt-4o\",\"temperature\":0.2,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[");
        int messages = switch (body) {
            case "short" -> 2;
            case "conversation" -> 200;
            default -> 6;
        };
        for (int i = 0; i < messages; i++) {
            json.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"Message number ").append(i)
                    .append(" of the conversation, with a sentence or two of ordinary prose in it so that it has the"
                            + " length of a typical chat turn; nothing in it needs escaping.\"}");
        }
        json.append("]");
        if (body.equals("tools")) {
            json.append(",\"tools\":[");
            for (int t = 0; t < 20; t++) {
                json.append(t == 0 ? "" : ",").append("{\"type\":\"function\",\"function\":{\"name\":\"tool_").append(t)
                        .append("\",\"description\":\"A tool.\",\"parameters\":{\"type\":\"object\",\"properties\":{");
                for (int p = 0; p < 15; p++) {
                    json.append(p == 0 ? "" : ",").append("\"field_").append(p)
                            .append("\":{\"type\":\"string\",\"description\":\"A field.\",\"maxLength\":80}");
                }
                json.append("},\"required\":[\"field_0\"]}}}");
            }
            json.append("]");
        }
        bytes = json.append("}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the gateway does: the peek with repeated keys refused. */
    @Benchmark
    public Object peekRefusingRepeatedKeys() {
        return OpenAiBody.peek(bytes).model();
    }

    /** The same whole-body scan as the peek, without duplicate detection: the baseline. */
    @Benchmark
    public int scanAllowingRepeatedKeys() throws IOException {
        return scan(ProviderJson.FACTORY);
    }

    /** The same scan with duplicate detection, for the difference alone. */
    @Benchmark
    public int scanRefusingRepeatedKeys() throws IOException {
        return scan(ProviderJson.CLIENT_BODIES);
    }

    private int scan(JsonFactory factory) throws IOException {
        int members = 0;
        try (JsonParser parser = factory.createParser(bytes)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
                members++;
            }
        }
        return members;
    }
}

package io.gatehouse.provider;

import io.gatehouse.provider.anthropic.AnthropicStreamRelay;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiStream;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.GeminiToOpenAiStream;
import io.gatehouse.provider.openai.OpenAiStreamRelay;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PITFALLS 31, library part: a translator gives the client its bytes for a frame as soon as that frame is complete —
 * nothing is held for later frames (the gateway must then write them at once; timing is tested there).
 */
class IncrementalOutputTest {

    private static void assertFirstContentIsNotHeld(Supplier<StreamTranslator> translator, String fixture, String firstText) {
        String sse = Fixtures.text(fixture);
        String upToFirstText = sse.substring(0, sse.indexOf("\n\n", sse.indexOf(firstText)) + 2);
        StreamTranslator t = translator.get();
        String out = new String(t.feed(Fixtures.utf8(upToFirstText)), StandardCharsets.UTF_8);
        assertThat(out).as("output for %s before any later frame", fixture).contains(firstText);
        assertThat(t.end()).isEqualTo(StreamEnd.RUNNING);
    }

    @Test
    void everyTranslatorEmitsAFrameAsSoonAsItIsComplete() {
        assertFirstContentIsNotHeld(() -> new AnthropicToOpenAiStream(false, Fixtures.CLOCK),
                "anthropic/02-tools-stream.sse", "I'll check");
        assertFirstContentIsNotHeld(() -> new GeminiToOpenAiStream(false, Fixtures.CLOCK, IdGenerator.random(), "g"),
                "gemini/02-tools-stream.sse", "I'll check both cities.");
        assertFirstContentIsNotHeld(() -> new OpenAiStreamRelay(false), "openai/02-tools-stream.sse", "I'll check");
        assertFirstContentIsNotHeld(OpenAiToAnthropicStream::new, "openai/02-tools-stream.sse", "I'll check");
        assertFirstContentIsNotHeld(AnthropicStreamRelay::new, "anthropic/02-tools-stream.sse", "I'll check");
    }

    /** Each byte that completes a frame yields that frame's output; no other byte yields anything. */
    @Test
    void outputAppearsExactlyWhenAFrameCompletes() {
        byte[] input = Fixtures.bytes("anthropic/02-tools-stream.sse");
        StreamTranslator t = new AnthropicToOpenAiStream(true, Fixtures.CLOCK);
        int framesWithOutput = 0;
        for (int i = 0; i < input.length; i++) {
            byte[] out = t.feed(input, i, 1);
            boolean endsFrame = i > 0 && input[i] == '\n' && input[i - 1] == '\n';
            if (out.length > 0) {
                assertThat(endsFrame).as("output only at a frame end (byte %d)", i).isTrue();
                framesWithOutput++;
            }
        }
        assertThat(framesWithOutput).isEqualTo(10); // start, 2 texts, 2 tool starts, 3 argument fragments, finish, stop
    }

    /** Gemini served to an Anthropic client: the chain streams and reports the upstream's usage. */
    @Test
    void chainedTranslationsStreamThroughBothSteps() {
        ChainedStream chain = new ChainedStream(
                new GeminiToOpenAiStream(true, Fixtures.CLOCK, IdGenerator.random(), "g"), new OpenAiToAnthropicStream());
        String out = Fixtures.runBytewise(chain, Fixtures.bytes("gemini/02-tools-stream.sse"));
        AnthropicStreamChecks.assertWellFormed(out);
        assertThat(chain.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(chain.usage().completionTokens()).isEqualTo(221);
        List<SseFrames.Frame> frames = SseFrames.split(out);
        assertThat(frames.getFirst().data()).contains("\"id\":\"msg_gh_kq3mafGxL9qZ0-kP4r2XyA8\"");

        ChainedStream failing = new ChainedStream(
                new GeminiToOpenAiStream(true, Fixtures.CLOCK, IdGenerator.random(), "g"), new OpenAiToAnthropicStream());
        String error = Fixtures.runWhole(failing, Fixtures.utf8(
                "data: {\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}\n\n"));
        assertThat(error).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                + "\"message\":\"quota\"}}\n\n");
        assertThat(failing.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(failing.error().status()).isEqualTo(429);
    }
}

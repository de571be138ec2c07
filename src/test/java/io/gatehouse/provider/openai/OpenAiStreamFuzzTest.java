package io.gatehouse.provider.openai;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.KnownIssues;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.provider.ProviderJson;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the OpenAI stream relay and {@link OpenAiChunkEnvelope}, its hand-written one-pass reader, against Jackson:
 * a chunk Jackson reads as one object the envelope reads too, with the same facts; the relay's output is well-formed
 * and, when the client did not ask for usage, carries no usage member and nothing else changed.
 */
class OpenAiStreamFuzzTest {

    private static final Gen<byte[]> CHUNKS = Gen.oneOf(UpstreamShapes.openAiChunks().map(frames -> frames.isEmpty()
            ? new byte[0] : Json.utf8(frames.getFirst().data())), Json.inputs(UpstreamShapes.openAiCompletion()));

    private static final Gen<byte[]> STREAMS = UpstreamShapes.stream(UpstreamShapes.openAiChunks());

    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();

    @FuzzTarget
    void theEnvelopeReadsWhatJacksonReadsAndAgreesWithTheChunkReader(FuzzedDataProvider data) {
        byte[] bytes = CHUNKS.draw(data);
        OpenAiChunkEnvelope envelope = new OpenAiChunkEnvelope();
        boolean envelopeRead;
        try {
            envelope.read(bytes, bytes.length);
            envelopeRead = true;
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
            if (KnownIssues.usageBeyondLong(e)) {
                return;
            }
            envelopeRead = false;
        }
        if (!Json.strictlyReadable(bytes) || !ProviderJson.read(bytes).isObject()) {
            return;
        }
        assertThat(envelopeRead).as("the envelope reads a well-formed object").isTrue();
        OpenAiChunk chunk = new OpenAiChunk();
        try {
            chunk.read(bytes);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
            return;
        }
        assertThat(envelope.error).isEqualTo(chunk.error);
        assertThat(envelope.emptyChoices).isEqualTo(chunk.emptyChoices);
        assertThat(envelope.usage).isEqualTo(chunk.usage);
        assertThat(envelope.usageNameStart).isEqualTo(chunk.usageNameStart);
    }

    @FuzzTarget
    void streamsAreRelayedWellFormedWithUsageOnlyWhenAsked(FuzzedDataProvider data) {
        byte[] stream = STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        boolean usage = data.consumeBoolean();
        Outputs.ClientStream relayed = Outputs.stream(() -> new OpenAiStreamRelay(usage), stream, reads);
        Outputs.openAiEnding(relayed);
        if (!usage) {
            for (Outputs.Event event : relayed.events()) {
                if (!event.data().equals("[DONE]")) {
                    JsonNode chunk = ProviderJson.read(Json.utf8(event.data()));
                    assertThat(chunk.has("usage") && !chunk.has("error")).as("usage cut: %s", event.data()).isFalse();
                }
            }
        }
    }

    @FuzzTarget
    void cuttingTheUsageChangesNothingElse(FuzzedDataProvider data) {
        byte[] bytes = CHUNKS.draw(data);
        if (!Json.strictlyReadable(bytes) || !(ProviderJson.read(bytes) instanceof ObjectNode expected)) {
            return;
        }
        OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
        byte[] frame = relay.feed(Outputs.utf8("data: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\r", "").replace("\n", "\ndata: ") + "\n\n"));
        if (frame.length == 0 || expected.has("error") || relay.end() != io.gatehouse.provider.StreamEnd.RUNNING) {
            return;
        }
        expected.remove("usage");
        String sent = Outputs.sse(List.of(frame)).getFirst().data();
        assertThat(ProviderJson.read(Json.utf8(sent))).isEqualTo(expected);
    }
}

package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.testing.fake.FakeBedrock;

import java.io.ByteArrayOutputStream;

/** The Bedrock wire fixtures: event streams are kept as JSON lists of events and encoded with the AWS codec. */
final class BedrockFixtures {
    private BedrockFixtures() {
    }

    /** {@code [{"event": name, "payload": {…}}, …]} as the binary event stream ConverseStream sends. */
    static byte[] eventStream(String fixture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode event : Fixtures.json(fixture)) {
            out.writeBytes(event.has("exception")
                    ? FakeBedrock.exception(event.get("exception").asText(), event.path("payload").path("message").asText())
                    : FakeBedrock.event(event.path("event").asText(), event.path("payload").toString()));
        }
        return out.toByteArray();
    }
}

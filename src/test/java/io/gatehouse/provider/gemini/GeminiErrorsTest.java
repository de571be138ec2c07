package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiErrorsTest {

    private static GatewayError map(String fixture) {
        JsonNode error = Fixtures.json(fixture);
        return GeminiErrors.map(error.get("status").asInt(), Map.of(), ProviderJson.write(error.get("body")));
    }

    /** PITFALLS 29: object, array-wrapped and bad-key shapes, against errors-to-openai.json. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void errorsMatchThePinnedTranslation(int entry) {
        JsonNode pinned = Fixtures.json("cross/errors-to-openai.json").get(entry);
        GatewayError error = map(pinned.get("input").asText());
        JsonNode expect = pinned.get("expect");
        assertThat(error.status()).isEqualTo(expect.get("status").asInt());
        assertThat(Fixtures.json(error.openAiBody())).isEqualTo(expect.get("body"));
        expect.path("headers").properties().forEach(header ->
                assertThat(error.headers()).containsEntry(header.getKey(), header.getValue().asText()));
    }

    @Test
    void flagsForTheGateway() {
        GatewayError quota = map("gemini/04-error-429.json");
        assertThat(quota.retryable()).isTrue();
        assertThat(quota.headers()).containsEntry("retry-after", "27");
        GatewayError badKey = map("gemini/05-error-invalid-key.json");
        assertThat(badKey.upstreamCredentialFailure()).isTrue();
        assertThat(badKey.fallbackWorthy()).isTrue();
        GatewayError wrapped = map("gemini/06-error-array-wrapped.json");
        assertThat(wrapped.retryable()).isFalse();
        assertThat(GeminiErrors.map(503, Map.of(), Fixtures.utf8("{\"error\":{\"code\":503,\"message\":\"overloaded\","
                + "\"status\":\"UNAVAILABLE\"}}")).code()).isEqualTo("upstream_unavailable");
        assertThat(GeminiErrors.map(502, Map.of(), Fixtures.utf8("<html>Bad Gateway</html>")).status()).isEqualTo(502);
        assertThat(GeminiErrors.map(429, Map.of(), Fixtures.utf8("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"message\":\"m\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"27.4s\"}]}}"))
                .headers()).containsEntry("retry-after", "28");
    }

    @Test
    void modelListKeepsChatAndEmbeddingModelsWithoutPrefix() throws Exception {
        ModelPage page = GeminiModelCatalog.parse(Fixtures.utf8("{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"outputTokenLimit\":65536,"
                + "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]},{\"name\":\"models/gemini-embedding-001\","
                + "\"supportedGenerationMethods\":[\"embedContent\"]}],\"nextPageToken\":\"abc\"}"));
        assertThat(page.models()).hasSize(2);
        assertThat(page.models().get(0).id()).isEqualTo("gemini-2.5-flash");
        assertThat(page.models().get(0).maxOutputTokens()).isEqualTo(65536);
        assertThat(page.models().get(0).capabilities()).containsExactly(ModelEntry.CHAT);
        assertThat(page.models().get(1).id()).isEqualTo("gemini-embedding-001");
        assertThat(page.models().get(1).capabilities()).containsExactly(ModelEntry.EMBEDDINGS);
        assertThat(page.nextCursor()).isEqualTo("abc");
        assertThat(GeminiModelCatalog.listRequest(GeminiOptions.defaults(), "abc").path()).isEqualTo("/v1beta/models?pageSize=1000&pageToken=abc");
        assertThat(GeminiModelCatalog.parse(Fixtures.utf8("{\"models\":[]}")).nextCursor()).isNull();
    }

    @Test
    void embeddingsTranslateBothWays() {
        GeminiEmbeddings embeddings = new GeminiEmbeddings(GeminiOptions.defaults());
        UpstreamRequest request = embeddings.request(Fixtures.json(Fixtures.utf8(
                "{\"model\":\"gemini-embedding-001\",\"input\":[\"a\",\"b\"],\"dimensions\":3}")), "gemini-embedding-001");
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(Fixtures.json(request.body())).isEqualTo(Fixtures.json(Fixtures.utf8("{\"requests\":["
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":3},"
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"b\"}]},\"outputDimensionality\":3}]}")));
        byte[] answer = Fixtures.utf8("{\"embeddings\":[{\"values\":[0.5,-0.25,1]},{\"values\":[0,0.125,2]}]}");
        JsonNode floats = Fixtures.json(GeminiEmbeddings.response(answer, "gemini-embedding-001", false));
        assertThat(floats.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(floats.at("/data/0/embedding/1").asDouble()).isEqualTo(-0.25);
        assertThat(floats.get("object").asText()).isEqualTo("list");
        JsonNode base64 = Fixtures.json(GeminiEmbeddings.response(answer, "gemini-embedding-001", true));
        ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoded.getFloat()).isEqualTo(0.5f);
        assertThat(decoded.getFloat()).isEqualTo(-0.25f);
        assertThatThrownBy(() -> embeddings.request(Fixtures.json(Fixtures.utf8("{\"input\":[[1,2,3]]}")), "m"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("input");
    }
}

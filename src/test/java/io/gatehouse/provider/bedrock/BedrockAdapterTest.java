package io.gatehouse.provider.bedrock;

import io.gatehouse.crypto.Secret;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelPage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoints (region or URL), request signing, the model catalog and friendly names. */
class BedrockAdapterTest {
    private final BedrockAdapter adapter = new BedrockAdapter(Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aRegionNamesTheStandardHostsAndAUrlReceivesBoth() {
        assertThat(adapter.expandEndpoint("eu-central-1")).isEqualTo("https://bedrock-runtime.eu-central-1.amazonaws.com");
        assertThat(adapter.expandEndpoint("us-gov-west-1")).isEqualTo("https://bedrock-runtime.us-gov-west-1.amazonaws.com");
        assertThat(adapter.expandEndpoint("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(adapter.catalogEndpoint("https://bedrock-runtime.eu-central-1.amazonaws.com"))
                .isEqualTo("https://bedrock.eu-central-1.amazonaws.com");
        assertThat(adapter.catalogEndpoint("https://bedrock-runtime-fips.us-east-1.amazonaws.com"))
                .isEqualTo("https://bedrock-fips.us-east-1.amazonaws.com");
        assertThat(adapter.catalogEndpoint("https://proxy.example.com/bedrock")).isEqualTo("https://proxy.example.com/bedrock");
        assertThat(BedrockEndpoints.region("vpce-0a1b-x2y3.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com")).isEqualTo("ap-southeast-2");
        assertThat(BedrockEndpoints.region("127.0.0.1")).isEqualTo("us-east-1");
    }

    @Test
    void eachRequestIsSignedForItsRegionWithoutRepeatingItsOwnHeaders() {
        List<Header> signed = adapter.auth("AKIAEXAMPLE0000001", new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .headers("POST", "https://bedrock-runtime.eu-west-3.amazonaws.com/model/m/converse",
                        List.of(Header.of("content-type", "application/json")), "{}".getBytes(StandardCharsets.UTF_8));
        Map<String, Header> byName = new LinkedHashMap<>();
        signed.forEach(h -> byName.put(h.name().toLowerCase(java.util.Locale.ROOT), h));
        assertThat(byName).containsOnlyKeys("x-amz-date", "x-amz-content-sha256", "authorization");
        assertThat(byName.get("x-amz-content-sha256").value()) // SHA-256 of "{}"
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(byName.get("x-amz-date").value()).isEqualTo("20261207T120000Z");
        assertThat(byName.get("authorization").value()).startsWith(
                "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE0000001/20261207/eu-west-3/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=");
        assertThat(byName.get("authorization").toString()).doesNotContain("Signature").endsWith("***");
        assertThat(adapter.auth(null, new Secret("s")).headers("GET", "https://h/", List.of(), new byte[0])).isEmpty();
    }

    @Test
    void theCatalogListsTextModelsUnderIdsAndFriendlyNames() throws ModelListException {
        ModelPage page = adapter.catalogPage("""
                {"modelSummaries":[
                 {"modelId":"anthropic.claude-3-haiku-20240307-v1:0:200k","providerName":"Anthropic","modelName":"Claude 3 Haiku",
                  "outputModalities":["TEXT"],"inferenceTypesSupported":["PROVISIONED"]},
                 {"modelId":"anthropic.claude-3-haiku-20240307-v1:0","providerName":"Anthropic","modelName":"Claude 3 Haiku",
                  "outputModalities":["TEXT"],"inferenceTypesSupported":["ON_DEMAND"]},
                 {"modelId":"anthropic.claude-sonnet-4-20250514-v1:0","providerName":"Anthropic","modelName":"Claude Sonnet 4",
                  "outputModalities":["TEXT"],"inferenceTypesSupported":["INFERENCE_PROFILE"]},
                 {"modelId":"meta.llama3-8b-instruct-v1:0","providerName":"Meta","modelName":"Llama 3 8B Instruct",
                  "outputModalities":["TEXT"],"inferenceTypesSupported":["ON_DEMAND"]},
                 {"modelId":"amazon.titan-embed-text-v2:0","providerName":"Amazon","modelName":"Titan Embeddings",
                  "outputModalities":["EMBEDDING"],"inferenceTypesSupported":["ON_DEMAND"]},
                 {"modelId":"anthropic.claude-v2","providerName":"Anthropic","modelName":"Claude 2","outputModalities":["TEXT"],
                  "modelLifecycle":{"status":"LEGACY"}}]}""".getBytes(StandardCharsets.UTF_8));
        assertThat(page.models()).extracting(ModelEntry::id).containsExactly("anthropic.claude-3-haiku-20240307-v1:0:200k",
                "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0", "meta.llama3-8b-instruct-v1:0",
                "claude-3-haiku-20240307", "llama3-8b-instruct");
        assertThat(page.models().getFirst().displayName()).isEqualTo("Anthropic Claude 3 Haiku");
        assertThat(page.nextCursor()).isNull();

        Map<String, ModelEntry> catalog = new LinkedHashMap<>();
        page.models().forEach(m -> catalog.put(m.id(), m));
        assertThat(BedrockModelCatalog.bedrockId("claude-3-haiku-20240307", catalog)).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(BedrockModelCatalog.bedrockId("us.anthropic.claude-sonnet-4-20250514-v1:0", catalog))
                .isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(BedrockModelCatalog.bedrockId("claude-sonnet-4-20250514", catalog)).isEqualTo("claude-sonnet-4-20250514");
        assertThatThrownBy(() -> adapter.catalogPage("{\"models\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModelListException.class);
    }
}

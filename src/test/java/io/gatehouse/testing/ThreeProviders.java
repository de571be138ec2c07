package io.gatehouse.testing;

import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;

import java.util.List;

/**
 * A server with one repository reaching an OpenAI ({@code oa}), an Anthropic ({@code claude}) and a Gemini
 * ({@code gem}) configuration, each on its fake, validated, and a key for the repository: what the tests of an ingress
 * against every provider start from.
 */
public record ThreeProviders(TestServer server, FakeOpenAi openai, FakeAnthropic anthropic, FakeGemini gemini,
                             GatewayWorld.Key key) implements AutoCloseable {

    public static ThreeProviders start(String repoName, String keyName) {
        TestServer server = TestServer.start(GatewayWorld.settings());
        FakeOpenAi openai = new FakeOpenAi("sk-openai-0123456789abcdef");
        FakeAnthropic anthropic = new FakeAnthropic("sk-ant-0123456789abcdef");
        FakeGemini gemini = new FakeGemini("AIza-0123456789abcdef");
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String oa = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        String an = PlatformCalls.aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), "sk-ant-0123456789abcdef");
        String ge = PlatformCalls.aiLlm(api, ws, "gem", "GOOGLE", gemini.endpoint(), "AIza-0123456789abcdef");
        for (String id : List.of(oa, an, ge)) {
            PlatformCalls.validate(api, id);
        }
        GatewayWorld.Key key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, repoName, oa, an, ge), keyName);
        return new ThreeProviders(server, openai, anthropic, gemini, key);
    }

    /** Forgets what the fakes were asked and what they were told to answer. */
    public void reset() {
        openai.reset();
        anthropic.reset();
        gemini.reset();
    }

    @Override
    public void close() {
        server.close();
        openai.close();
        anthropic.close();
        gemini.close();
    }
}

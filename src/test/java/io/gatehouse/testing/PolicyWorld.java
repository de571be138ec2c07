package io.gatehouse.testing;

/**
 * An organization laid out for policy tests across scopes: two workspaces, each with an OpenAI configuration of the
 * same provider; repositories "app" and "other app" in the first, "second app" in the second; a key for each.
 */
public record PolicyWorld(String orgId, String ws, String otherWs, String cfg, String repo, String otherRepo,
                          String otherWsRepo, GatewayWorld.Key key, GatewayWorld.Key otherKey, GatewayWorld.Key otherWsKey) {

    /** Creates it for the server's owner, the configurations calling {@code endpoint} with {@code secret}. */
    public static PolicyWorld create(TestServer server, String endpoint, String secret) {
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String otherWs = PlatformCalls.workspace(api, "second");
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", endpoint, secret);
        PlatformCalls.validate(api, cfg);
        String otherCfg = PlatformCalls.aiLlm(api, otherWs, "oa2", "OPENAI", endpoint, secret);
        PlatformCalls.validate(api, otherCfg);
        String repo = PlatformCalls.repo(api, ws, "app", cfg);
        String otherRepo = PlatformCalls.repo(api, ws, "other app", cfg);
        String otherWsRepo = PlatformCalls.repo(api, otherWs, "second app", otherCfg);
        return new PolicyWorld(server.owner().orgId(), ws, otherWs, cfg, repo, otherRepo, otherWsRepo,
                GatewayWorld.key(server, repo, "app key"), GatewayWorld.key(server, otherRepo, "other key"),
                GatewayWorld.key(server, otherWsRepo, "second key"));
    }
}

package io.gatehouse.console;

import io.gatehouse.crypto.Tokens;
import io.gatehouse.testing.ConsoleClient;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as a browser without JavaScript sees it: sign-in and the session cookie, CSRF on every change,
 * configurations, repositories and keys through the forms, what a READ member is offered, and that no provider
 * secret or old key secret ever comes back. The journey with a real browser is {@link ConsoleBrowserTest}.
 */
@Tag("db")
class ConsoleHttpTest {
    private static final String PROVIDER_SECRET = "sk-console-provider-secret-0123456789";
    private static TestServer server;
    private static FakeOpenAi provider;
    private static String ws;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        provider = new FakeOpenAi(PROVIDER_SECRET);
        ws = server.defaultWorkspace(server.owner());
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.close();
    }

    private static ConsoleClient owner() {
        return new ConsoleClient(server).signIn(TestServer.OWNER_EMAIL, TestServer.OWNER_PASSWORD);
    }

    /** The part of a page from the first {@code start} on to the {@code end} after it. */
    private static String between(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as("%s in the page", start).isNotNegative();
        return html.substring(from, html.indexOf(end, from) + end.length());
    }

    /** The table row that holds {@code marker}. */
    private static String row(String html, String marker) {
        int at = html.indexOf(marker);
        assertThat(at).as("%s in the page", marker).isNotNegative();
        return html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at) + 5);
    }

    @Test
    void theUsagePageShowsCostBesideTokens() {
        var api = server.owner().api();
        String config = PlatformCalls.aiLlm(api, ws, "for-cost", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "cost-repo", config);
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "cost key");
        HttpResult chat = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
        GatewayWorld.usage(server, key.id(), 1);
        // The fake's 11 input tokens at $2.50 and 7 output tokens at $10 per million: 97.5 micro-dollars, rounded to 98.
        String page = owner().get("/ui/w/" + ws + "/usage?range=h1&repoId=" + repo).body();
        assertThat(row(page, ">gpt-4o<")).contains("<td>1</td><td>11</td><td>0</td><td>7</td>", "$0.000098");
        assertThat(between(page, "<tfoot>", "</tfoot>")).contains("$0.000098");
    }

    @Test
    void theUsagePageRefusesMalformedUserOrConversationIdsAndOtherWorkspacesRepositories() {
        assertThat(owner().get("/ui/w/" + ws + "/usage?user=not%20an%20id").status()).isEqualTo(400);
        assertThat(owner().get("/ui/w/" + ws + "/usage?conversation=" + "c".repeat(129)).status()).isEqualTo(400);
        assertThat(owner().get("/ui/w/" + ws + "/usage?user=ext-user-1&conversation=conv-1").status()).isEqualTo(200);
        assertThat(owner().get("/ui/w/" + ws + "/usage/data?chart=ai-requests&repoId=" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    void theSessionCookieIsSealedHttpOnlyAndStrict() {
        ConsoleClient browser = new ConsoleClient(server);
        HttpResult form = browser.get("/ui/login");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Set-Cookie")).contains("gh_console=", "SameSite=Strict", "Path=/ui").containsIgnoringCase("HttpOnly");
        assertThat(form.header("Content-Security-Policy")).contains("script-src 'self'");

        HttpResult wrong = browser.post("/ui/login", Map.of("email", TestServer.OWNER_EMAIL, "password", "not-it"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid email or password");

        HttpResult ok = browser.post("/ui/login", Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD));
        assertThat(ok.status()).isEqualTo(303);
        String cookie = ok.header("Set-Cookie");
        assertThat(cookie).contains("SameSite=Strict", "Path=/ui").containsIgnoringCase("HttpOnly").doesNotContain("Secure");
        // Sealed: the access token (a JWT, "eyJ….eyJ….…") and refresh token ("ghr_…") are not readable in it. A bare
        // "eyJ" may occur by chance in 1,300 random base64 characters; a JWT's dotted header and payload may not.
        assertThat(cookie).doesNotContainPattern("eyJ[A-Za-z0-9_-]*\\.eyJ").doesNotContain("ghr_");
        HttpResult home = browser.follow(ok);
        assertThat(home.status()).isEqualTo(200);
        // The default workspace's home page.
        assertThat(home.body()).contains("id=\"overview-traffic\"", "Recent violations");
    }

    @Test
    void theCookieIsSecureBehindHttps() {
        ConsoleClient browser = new ConsoleClient(server);
        HttpResult form = browser.postRaw("/ui/login", Map.of(), Map.of("X-Forwarded-Proto", "https"));
        assertThat(form.header("Set-Cookie")).contains("Secure");
    }

    @Test
    void pagesNeedASignIn() {
        HttpResult r = new ConsoleClient(server).get("/ui/w/" + ws + "/configurations");
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).startsWith("/ui/login?next=");
        ConsoleClient stranger = new ConsoleClient(server);
        HttpResult bare = stranger.get("/ui");
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/ui/");
        HttpResult home = stranger.get("/ui/");
        assertThat(home.status()).isEqualTo(303);
        assertThat(home.header("Location")).isEqualTo("/ui/login");
    }

    @Test
    void changesWithoutTheCsrfTokenAreRefused() {
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/configurations");
        Map<String, String> form = Map.of("name", "csrf-less", "aiType", "OPENAI", "endpoint", provider.endpoint(), "secret", PROVIDER_SECRET);
        assertThat(browser.postRaw("/ui/w/" + ws + "/configurations", form, Map.of()).status()).isEqualTo(403);
        Map<String, String> forged = new java.util.HashMap<>(form);
        forged.put("_csrf", "forged-token");
        assertThat(browser.postRaw("/ui/w/" + ws + "/configurations", forged, Map.of()).status()).isEqualTo(403);
        assertThat(browser.postRaw("/ui/w/" + ws + "/configurations", form, Map.of("HX-Request", "true", "X-CSRF-Token", "nope")).status())
                .isEqualTo(403);
        assertThat(browser.postRaw("/ui/logout", Map.of(), Map.of()).status()).isEqualTo(403);
        assertThat(server.owner().api().get("/ai/llm?workspaceId=" + ws).body()).doesNotContain("csrf-less");
        // The sign-in form is protected too (its token lives in the pre-sign-in cookie).
        ConsoleClient stranger = new ConsoleClient(server);
        assertThat(stranger.postRaw("/ui/login", Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD), Map.of())
                .status()).isEqualTo(403);
    }

    @Test
    void configurationsKeepTheirSecretsAndValidateAgainstTheProvider() {
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/configurations");
        HttpResult created = browser.post("/ui/w/" + ws + "/configurations", Map.of("name", "fake-openai", "aiType", "OPENAI",
                "endpoint", provider.endpoint(), "secret", PROVIDER_SECRET, "key", "key-id-abcdef123456"));
        assertThat(created.status()).as(created.toString()).isEqualTo(303);
        HttpResult page = browser.follow(created);
        assertThat(page.body()).contains("fake-openai", "Configuration created").doesNotContain(PROVIDER_SECRET)
                .doesNotContain("key-id-abcdef123456");
        String path = created.header("Location").replaceAll("\\?.*", "");

        HttpResult validated = browser.htmxPost(path + "/validate", Map.of());
        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.body()).contains("Valid", "gpt-4o").doesNotContain(PROVIDER_SECRET);
        // The configuration's facts come along, swapped out of band: the page says VALID and lists the models at once.
        String facts = between(validated.body(), "<dl class=\"facts\" id=\"configuration-facts\" hx-swap-oob=\"true\">", "</dl>");
        assertThat(facts).contains(">VALID<", "gpt-4o").doesNotContain("UNVALIDATED");

        HttpResult rotated = browser.post(path, Map.of("name", "fake-openai", "aiType", "OPENAI", "endpoint", provider.endpoint(),
                "secret", "sk-a-rotated-secret-9876543210"));
        HttpResult after = browser.follow(rotated);
        assertThat(after.body()).contains("Configuration saved").doesNotContain(PROVIDER_SECRET).doesNotContain("sk-a-rotated-secret-9876543210");
        assertThat(browser.get("/ui/w/" + ws + "/configurations").body()).doesNotContain(PROVIDER_SECRET);
    }

    @Test
    void keysShowTheirSecretOnceAndNeverAgain() {
        var api = server.owner().api();
        String config = PlatformCalls.aiLlm(api, ws, "for-keys", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/repos");
        HttpResult created = browser.post("/ui/w/" + ws + "/repos", Map.of("name", "console-repo", "aiLlmId", config));
        assertThat(created.status()).as(created.toString()).isEqualTo(303);
        String repoPage = created.header("Location").replaceAll("\\?.*", "");
        assertThat(browser.follow(created).body()).contains("console-repo", "for-keys");

        HttpResult detached = browser.post(repoPage + "/attach", Map.of());
        assertThat(browser.follow(detached).body()).contains("Configurations updated");
        assertThat(api.get(repoPage.replace("/ui/w/" + ws + "/repos/", "/repo/")).body()).doesNotContain(config);
        HttpResult attached = browser.post(repoPage + "/attach", Map.of("aiLlmId", config));
        assertThat(browser.follow(attached).body()).contains("Configurations updated");
        assertThat(api.get(repoPage.replace("/ui/w/" + ws + "/repos/", "/repo/")).body()).contains(config);

        HttpResult key = browser.htmxPost(repoPage + "/keys", Map.of("name", "app key"));
        Matcher secret = Pattern.compile("id=\"key-secret\">(ghk_[^<]+)<").matcher(key.body());
        assertThat(secret.find()).as(key.body()).isTrue();
        assertThat(key.body()).contains("you will not see it again").doesNotContain("Reload");
        // The keys table comes along, swapped out of band: it lists the new key (masked) beside its secret.
        String table = between(key.body(), "<div class=\"table-wrap\" id=\"keys-table\" hx-swap-oob=\"true\">", "</table>");
        assertThat(table).contains("app key").doesNotContain("No keys yet").doesNotContain(secret.group(1));

        // "Try it" takes only this repository's keys (and says why not, as the stream's outcome).
        HttpResult foreign = browser.htmxPost(repoPage + "/try", Map.of("key", "ghk_" + "x".repeat(43), "model", "gpt-4o", "message", "hi"));
        assertThat(foreign.body()).contains("\"type\":\"outcome\"", "not the secret of one of this repository's keys");
        assertThat(provider.requests()).noneMatch(r -> r.path().contains("chat"));

        HttpResult again = browser.get(repoPage);
        assertThat(again.body()).contains("app key").doesNotContain(secret.group(1)).doesNotContain(PROVIDER_SECRET);
        // The JSON the usage page fetches holds names and counts only.
        List<String> charts = new ArrayList<>(UsagePages.CHARTS);
        charts.addAll(UsageDashboard.CHARTS.keySet());
        for (String chart : charts) {
            HttpResult data = browser.get("/ui/w/" + ws + "/usage/data?range=d30&chart=" + chart);
            assertThat(data.status()).as(chart).isEqualTo(200);
            assertThat(data.header("Content-Type")).startsWith("application/json");
            assertThat(data.body()).doesNotContain(secret.group(1)).doesNotContain(PROVIDER_SECRET);
        }

        String keyId = api.get(repoPage.replace("/ui/w/" + ws + "/repos/", "/repo/") + "/ai/apikey").json().path("apiKeys").path(0).path("id").asText();
        HttpResult renamed = browser.post(repoPage + "/keys/" + keyId + "/rename", Map.of("name", "renamed key"));
        assertThat(browser.follow(renamed).body()).contains("Key renamed", "renamed key");
        HttpResult revoked = browser.post(repoPage + "/keys/" + keyId + "/revoke", Map.of());
        assertThat(browser.follow(revoked).body()).contains("Key revoked").doesNotContain("renamed key");
    }

    @Test
    void aReadMemberIsOfferedNothingThatWouldFail() {
        var owner = server.owner();
        String config = PlatformCalls.aiLlm(owner.api(), ws, "read-visible", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        TestServer.Session reader = server.createUser(owner, 0);
        PlatformCalls.member(owner.api(), ws, reader.userId(), "READ");
        ConsoleClient browser = new ConsoleClient(server).signIn(reader.email(), TestServer.PASSWORD);

        HttpResult list = browser.get("/ui/w/" + ws + "/configurations");
        assertThat(list.body()).contains("read-visible").doesNotContain("create-configuration");
        HttpResult one = browser.get("/ui/w/" + ws + "/configurations/" + config);
        assertThat(one.body()).doesNotContain("id=\"validate\"").doesNotContain("edit-configuration").doesNotContain("Delete configuration");
        assertThat(browser.get("/ui/w/" + ws + "/repos").body()).doesNotContain("create-repo");
        String repo = PlatformCalls.repo(owner.api(), ws, "read-visible-repo", config);
        PlatformCalls.repoKey(owner.api(), repo, "read-visible-key");
        HttpResult repoPage = browser.get("/ui/w/" + ws + "/repos/" + repo);
        assertThat(repoPage.body()).contains("<p id=\"attached\">read-visible</p>");
        assertThat(repoPage.body()).contains("read-visible-key", "try-it").doesNotContain("create-key").doesNotContain("attach-form")
                .doesNotContain("Revoke").doesNotContain("Rename").doesNotContain("Delete repository");
        assertThat(browser.get("/ui/w/" + ws + "/policies").body()).doesNotContain("create-policy").doesNotContain("Disable");
        assertThat(browser.get("/ui/w/" + ws + "/members").body()).doesNotContain("add-member").doesNotContain("rename-workspace");

        // A forged form still meets the API's own check.
        HttpResult forged = browser.post("/ui/w/" + ws + "/configurations/" + config + "/delete", Map.of());
        assertThat(browser.follow(forged).body()).contains("class=\"error\"");
        assertThat(owner.api().get("/ai/llm/" + config).status()).isEqualTo(200);
    }

    @Test
    void theRepositoriesListNamesTheirConfigurations() {
        var api = server.owner().api();
        String first = PlatformCalls.aiLlm(api, ws, "listed-first", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        String second = PlatformCalls.aiLlm(api, ws, "listed-second", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        String repo = PlatformCalls.repo(api, ws, "listed-repo", first, second);
        HttpResult list = owner().get("/ui/w/" + ws + "/repos");
        assertThat(row(list.body(), "/repos/" + repo + "\"")).contains("<td>listed-first, listed-second</td>");
    }

    @Test
    void awsIsOfferedWithItsRegionHint() {
        ConsoleClient browser = owner();
        String page = browser.get("/ui/w/" + ws + "/configurations").body();
        assertThat(between(page, "<select id=\"cfg-type\"", "</select>")).contains("value=\"OPENAI\"", "value=\"ANTHROPIC\"",
                "value=\"GOOGLE\"", "value=\"AWS\"", "value=\"OTHER\"");
        assertThat(page).contains("For AWS (Bedrock): the region, such as us-east-1");
    }

    @Test
    void theKeyIdColumnShowsOnlyWhenAConfigurationHasOne() {
        var api = server.owner().api();
        String other = PlatformCalls.workspace(api, "key ids");
        String plain = PlatformCalls.aiLlm(api, other, "without-key-id", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        ConsoleClient browser = owner();
        HttpResult without = browser.get("/ui/w/" + other + "/configurations");
        assertThat(without.body()).contains("without-key-id").doesNotContain("Key id</th>");
        assertThat(browser.get("/ui/w/" + other + "/configurations/" + plain).body()).doesNotContain("<dt>Key id</dt>");

        String keyId = "key-id-0123456789abcdef";
        String keyed = api.post("/ai/llm", Map.of("workspaceId", other, "name", "with-key-id", "aiType", "OPENAI",
                "endpoint", provider.endpoint(), "secret", PROVIDER_SECRET, "key", keyId)).json().path("aiLlmId").asText();
        HttpResult with = browser.get("/ui/w/" + other + "/configurations");
        assertThat(with.body()).contains("Key id</th>").doesNotContain(keyId);
        assertThat(row(with.body(), "with-key-id")).contains("<code>" + Tokens.mask(keyId) + "</code>");
        assertThat(row(with.body(), "without-key-id")).doesNotContain("<code>");
        assertThat(browser.get("/ui/w/" + other + "/configurations/" + keyed).body())
                .contains("<dt>Key id</dt><dd><code>" + Tokens.mask(keyId) + "</code></dd>").doesNotContain(keyId);
    }

    @Test
    void violationsAndAlertsListWhatTheGatewayBlocked() {
        var api = server.owner().api();
        String config = PlatformCalls.aiLlm(api, ws, "policed", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "policed-repo", config);
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "policed key");
        String policy = PolicyRows.policy(server, new PolicyRows.Scope(server.owner().orgId(), null, repo), "No emails here",
                "Block any prompt that contains an email address.", "MEDIUM", 2);
        try {
            HttpResult blocked = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail jane.doe@example.com\"}]}");
            assertThat(blocked.status()).as(blocked.toString()).isEqualTo(403);
            String requestId = blocked.header("x-request-id");
            PolicyRows.violations(server, requestId, 1);
            PolicyRows.alerts(server, requestId, 1);

            ConsoleClient browser = owner();
            String violations = between(browser.get("/ui/w/" + ws + "/violations?repoId=" + repo).body(), "<table id=\"violations\"", "</table>");
            assertThat(row(violations, "No emails here")).contains("policed-repo", "policed key", "gpt-4o-mini", "MEDIUM", "blocked");
            // A BLOCK rule's alert is listed only when asked for: by default alerts are what ALERT rules raised.
            String alertRules = between(browser.get("/ui/w/" + ws + "/alerts?repoId=" + repo).body(), "<table id=\"alerts\"", "</table>");
            assertThat(alertRules).doesNotContain("No emails here").contains("Nothing found.");
            String alerts = between(browser.get("/ui/w/" + ws + "/alerts?repoId=" + repo + "&rules=all").body(), "<table id=\"alerts\"", "</table>");
            assertThat(row(alerts, "No emails here")).contains("policed-repo", "policed key", "gpt-4o-mini", "Block rule");
            assertThat(api.get("/policy/alerts?actionType=1&repoId=" + repo).json().path("total").asLong()).isZero();
            assertThat(api.get("/policy/alerts?actionType=2&repoId=" + repo).json().path("alerts").path(0).path("actionType").asInt()).isEqualTo(2);
            assertThat(api.get("/policy/alerts?actionType=block").status()).isEqualTo(400);
        } finally {
            assertThat(api.delete("/policy/" + policy).status()).isEqualTo(200);
        }
    }

    @Test
    void aRedactionShowsAsRedactedAndAJudgeOutageAsAJudgeFailure() {
        PolicyRows.clear(server); // no judge: a rule only the judge decides fails closed
        var api = server.owner().api();
        String config = PlatformCalls.aiLlm(api, ws, "judged", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "judged-repo", config);
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "judged key");
        try {
            PolicyRows.policy(server, new PolicyRows.Scope(server.owner().orgId(), null, repo), "Mask emails",
                    "Redact email addresses.", "LOW", 3);
            HttpResult redacted = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Mail jane.doe@example.com\"}]}");
            assertThat(redacted.status()).as(redacted.toString()).isEqualTo(200);
            PolicyRows.violations(server, redacted.header("x-request-id"), 1);

            PolicyRows.storedBeforeTheJudgeCheck(server, "No legal advice", "Do not give legal advice", 2);
            HttpResult refused = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Can I sue Acme?\"}]}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            PolicyRows.violations(server, refused.header("x-request-id"), 1);

            ConsoleClient browser = owner();
            String base = "/ui/w/" + ws + "/violations?repoId=" + repo;
            String all = between(browser.get(base).body(), "<table id=\"violations\"", "</table>");
            assertThat(row(all, "Mask emails")).contains("<td class=\"outcome\">redacted (1 span masked)</td>").doesNotContain("logged");
            assertThat(row(all, "No legal advice")).contains("judge failure", "blocked");
            String failures = between(browser.get(base + "&judgeFailure=true").body(), "<table id=\"violations\"", "</table>");
            assertThat(failures).contains("No legal advice").doesNotContain("Mask emails");
            String verdicts = between(browser.get(base + "&judgeFailure=false").body(), "<table id=\"violations\"", "</table>");
            assertThat(verdicts).contains("Mask emails").doesNotContain("No legal advice");
            assertThat(api.get("/policy/violations?judgeFailure=maybe").status()).isEqualTo(400);
            assertThat(api.get("/policy/alerts?judgeFailure=true").status()).isEqualTo(400);
        } finally {
            PolicyRows.clear(server);
        }
    }

    @Test
    void tryItOffersChatModelsAndTellsStatusLatencyTokensAndRequestId() {
        var api = server.owner().api();
        String config = PlatformCalls.aiLlm(api, ws, "tried", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "tried-repo", config);
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "tried key");
        ConsoleClient browser = owner();
        String page = browser.get("/ui/w/" + ws + "/repos/" + repo).body();
        // The fake lists an embedding model too: the repository reaches it, but a chat cannot use it.
        assertThat(between(page, "<ul id=\"models\">", "</ul>")).contains("text-embedding-3-small");
        assertThat(between(page, "<select id=\"try-model\"", "</select>")).contains("value=\"gpt-4o\"")
                .doesNotContain("text-embedding-3-small");

        String stream = browser.htmxPost("/ui/w/" + ws + "/repos/" + repo + "/try",
                Map.of("key", key.secret(), "model", "gpt-4o", "message", "hi")).body();
        assertThat(stream).as(stream).contains("\"type\":\"facts\"", "Status 200 · ", " ms · 11 tokens in, 7 out · request id ");
        assertThat(stream.indexOf("\"type\":\"facts\"")).isLessThan(stream.indexOf("Finished."));
        assertThat(stream).doesNotContain("request id none").contains("No policy acted on this request.");

        // What the policies did, read back by the request id: a redaction names its policy and what it found.
        String policy = PolicyRows.policy(server, new PolicyRows.Scope(server.owner().orgId(), null, repo), "Mask emails",
                "Redact email addresses.", "LOW", 3);
        try {
            String masked = browser.htmxPost("/ui/w/" + ws + "/repos/" + repo + "/try",
                    Map.of("key", key.secret(), "model", "gpt-4o", "message", "Mail jane.doe@example.com")).body();
            assertThat(masked).as(masked).contains("Mask emails: redacted (1 span masked) (INPUT: ", "Finished.");
            Matcher requestId = Pattern.compile("request id ([^\"]+)\"").matcher(masked);
            assertThat(requestId.find()).isTrue();
            assertThat(api.get("/policy/violations?requestId=" + requestId.group(1)).json().path("total").asLong()).isEqualTo(1);
            assertThat(api.get("/policy/violations?requestId=no-such-request").json().path("total").asLong()).isZero();
        } finally {
            assertThat(api.delete("/policy/" + policy).status()).isEqualTo(200);
        }
    }

    @Test
    void noticesAreShownOnceAndCannotBePlantedThroughALink() {
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/repos");
        HttpResult created = browser.post("/ui/w/" + ws + "/repos", Map.of("name", "noticed-repo"));
        assertThat(created.header("Location")).doesNotContain("?");
        assertThat(browser.follow(created).body()).contains("Repository created.");
        assertThat(browser.get(created.header("Location")).body()).doesNotContain("Repository created.");
        assertThat(browser.get("/ui/w/" + ws + "/repos?error=Call+evil&ok=Call+evil").body()).doesNotContain("Call evil");
    }

    @Test
    void policiesAreCreatedToggledEditedAndDeletedAtTheirScope() {
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/policies");
        HttpResult created = browser.post("/ui/w/" + ws + "/policies", Map.of("scope", "workspace", "name", "ws rule",
                "content", "Block any prompt that contains a payment card number.", "riskType", "HIGH", "actionType", "2", "enabled", "on"));
        HttpResult list = browser.follow(created);
        assertThat(list.body()).contains("Policy created", "ws rule", "WORKSPACE", "Block", "enabled",
                "class=\"enforcement detectors\"", "Detectors decide it alone (CARD): no judge call.");
        // A BLOCK rule only the judge can decide, without a judge: refused in the operator's words, with a rewording.
        HttpResult refused = browser.post("/ui/w/" + ws + "/policies", Map.of("scope", "workspace", "name", "vip rule",
                "content", "Block emails of VIP customers", "riskType", "HIGH", "actionType", "2", "enabled", "on"));
        assertThat(browser.follow(refused).body()).contains("only a judge model can decide", "Block e-mail addresses.")
                .doesNotContain("PUT /organization")
                .doesNotContain("Policy created");
        var api = server.owner().api();
        var policy = api.get("/policy?orgId=" + server.owner().orgId() + "&workspaceId=" + ws).json().path("policies").path(0);
        String id = policy.path("id").asText();
        assertThat(policy.path("actionType").asInt()).isEqualTo(2);

        HttpResult disabled = browser.post("/ui/w/" + ws + "/policies/" + id + "/toggle", Map.of("enabled", "false"));
        assertThat(browser.follow(disabled).body()).contains("Policy disabled");
        assertThat(api.get("/policy/" + id).json().path("policy").path("enabled").asBoolean()).isFalse();

        HttpResult edited = browser.post("/ui/w/" + ws + "/policies/" + id, Map.of("name", "ws rule v2",
                "content", "Alert on any prompt that contains an IBAN.", "riskType", "LOW", "actionType", "1", "enabled", "on"));
        assertThat(browser.follow(edited).body()).contains("Policy saved", "ws rule v2");
        assertThat(api.get("/policy/" + id).json().path("policy").path("actionType").asInt()).isEqualTo(1);

        HttpResult organization = browser.post("/ui/w/" + ws + "/policies", Map.of("scope", "organization", "name", "org rule",
                "content", "Log any prompt that contains an email address.", "riskType", "LOW", "actionType", "0"));
        assertThat(browser.follow(organization).body()).contains("org rule", "ORGANIZATION");
        HttpResult judged = browser.post("/ui/w/" + ws + "/policies", Map.of("scope", "workspace", "name", "topic rule",
                "content", "Log prompts that discuss competitors.", "riskType", "LOW", "actionType", "0"));
        assertThat(browser.follow(judged).body()).contains("class=\"enforcement unjudged\"",
                "No judge is configured: what only the judge can see is not checked.");

        // A WRITE member who does not manage the organization is offered nothing on the organization's policy.
        TestServer.Session writer = server.createUser(server.owner(), 0);
        PlatformCalls.member(api, ws, writer.userId(), "WRITE");
        HttpResult seen = new ConsoleClient(server).signIn(writer.email(), TestServer.PASSWORD).get("/ui/w/" + ws + "/policies");
        assertThat(seen.body()).contains("org rule", "ws rule v2", "create-policy").doesNotContain("The whole organization")
                .doesNotContain("Delete</button>");

        HttpResult deleted = browser.post("/ui/w/" + ws + "/policies/" + id + "/delete", Map.of());
        assertThat(browser.follow(deleted).body()).contains("Policy deleted").doesNotContain("ws rule v2");
    }

    @Test
    void checkThisPolicyShowsTheJudgesAdvice() {
        var owner = server.owner();
        String judge = PlatformCalls.aiLlm(owner.api(), ws, "judge", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(owner.api(), judge);
        ConsoleClient browser = owner();
        assertThat(browser.get("/ui/w/" + ws + "/policies").body()).contains("org-settings", "No judge");
        HttpResult saved = browser.post("/ui/w/" + ws + "/policies/settings",
                Map.of("judgeAiLlmId", judge, "judgeModel", "gpt-4o-mini", "failOpen", "false"));
        assertThat(browser.follow(saved).body()).contains("Organization settings saved", "value=\"gpt-4o-mini\"");
        var stored = owner.api().get("/organization/" + owner.orgId() + "/settings").json().path("settings");
        assertThat(stored.path("judgeAiLlmId").asText()).isEqualTo(judge);
        assertThat(stored.path("failOpen").asBoolean(true)).isFalse();
        provider.answerChatWith("""
                {"results":[{"policy_uuid":"new","score":64,"advice":"Say which data counts as personal.","severity":"medium",
                  "issues":[{"type":"ambiguity","description":"'personal data' is broad.","suggestion":"List the kinds."}]}]}""");
        try {
            HttpResult check = browser.htmxPost("/ui/w/" + ws + "/policies/check", Map.of("content", "Block personal data."));
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.body()).contains("policy-check-answer", "Say which data counts as personal.", "ambiguity", "List the kinds.")
                    .doesNotContain(PROVIDER_SECRET);
        } finally {
            provider.reset();
            HttpResult cleared = browser.post("/ui/w/" + ws + "/policies/settings", Map.of("judgeAiLlmId", "", "failOpen", ""));
            assertThat(browser.follow(cleared).body()).contains("Organization settings saved");
            assertThat(owner.api().get("/organization/" + owner.orgId() + "/settings").json().path("settings").path("judgeAiLlmId").isNull()).isTrue();
        }
    }

    @Test
    void violationAndAlertTablesFilterAndPage() {
        ConsoleClient browser = owner();
        HttpResult violations = browser.get("/ui/w/" + ws + "/violations?severity=HIGH&block=true&from=2026-01-01T00:00&llmModel=gpt-4o");
        assertThat(violations.status()).isEqualTo(200);
        assertThat(violations.body()).contains("Policy violations", "Nothing found", "value=\"gpt-4o\"");
        HttpResult alerts = browser.get("/ui/w/" + ws + "/alerts?skip=50");
        assertThat(alerts.status()).isEqualTo(200);
        assertThat(alerts.body()).contains("Policy alerts").doesNotContain("f-severity");
    }

    @Test
    void theAuditLogShowsWhatWasChanged() {
        PlatformCalls.aiLlm(server.owner().api(), ws, "audited-config", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        ConsoleClient browser = owner();
        HttpResult all = browser.get("/ui/w/" + ws + "/audit");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("audited-config", "AILLM").doesNotContain(PROVIDER_SECRET);
        HttpResult filtered = browser.get("/ui/w/" + ws + "/audit?context=REPO&event=DELETED");
        assertThat(filtered.body()).doesNotContain("audited-config");
        // Unknown filter values are dropped, not passed on.
        assertThat(browser.get("/ui/w/" + ws + "/audit?context=NOPE").status()).isEqualTo(200);
    }

    @Test
    void adminsManageMembersAndTheirRoles() {
        var owner = server.owner();
        TestServer.Session user = server.createUser(owner, 0);
        ConsoleClient browser = owner();
        HttpResult page = browser.get("/ui/w/" + ws + "/members");
        assertThat(page.body()).contains("add-member", user.email());
        HttpResult added = browser.post("/ui/w/" + ws + "/members", Map.of("userId", user.userId(), "role", "READ"));
        assertThat(browser.follow(added).body()).contains("Member added");
        HttpResult changed = browser.post("/ui/w/" + ws + "/members/" + user.userId(), Map.of("role", "WRITE"));
        assertThat(browser.follow(changed).body()).contains("Role changed");
        assertThat(owner.api().get("/workspace/" + ws + "/users/" + user.userId()).body()).contains("WRITE");

        ConsoleClient member = new ConsoleClient(server).signIn(user.email(), TestServer.PASSWORD);
        assertThat(member.get("/ui/w/" + ws + "/members").body()).contains(TestServer.OWNER_EMAIL).doesNotContain("add-member");

        HttpResult removed = browser.post("/ui/w/" + ws + "/members/" + user.userId() + "/remove", Map.of());
        assertThat(browser.follow(removed).body()).contains("Member removed");
        assertThat(member.get("/ui/w/" + ws + "/members").status()).isEqualTo(404);
    }

    @Test
    void workspacesAreCreatedRenamedSwitchedAndDeleted() {
        ConsoleClient browser = owner();
        browser.get("/ui/w/" + ws + "/members");
        HttpResult created = browser.post("/ui/workspaces", Map.of("name", "Team B", "from", ws));
        assertThat(created.status()).isEqualTo(303);
        String teamB = created.header("Location").replaceAll("^/ui/w/([^/]+)/.*$", "$1");
        HttpResult page = browser.follow(created);
        assertThat(page.body()).contains("Workspace created", "Workspace Team B", "Team B (ADMIN)");
        HttpResult renamed = browser.post("/ui/w/" + teamB + "/rename", Map.of("name", "Team Blue"));
        assertThat(browser.follow(renamed).body()).contains("Workspace renamed", "Team Blue");
        // The switcher keeps the section.
        HttpResult switched = browser.get("/ui/switch?ws=" + ws + "&section=repos");
        assertThat(switched.header("Location")).isEqualTo("/ui/w/" + ws + "/repos");
        assertThat(browser.get("/ui/switch?ws=" + ws + "&section=..%2Fx").header("Location")).isEqualTo("/ui/w/" + ws + "/configurations");
        assertThat(browser.get("/ui/w/" + ws + "/members").body()).doesNotContain("Delete workspace");
        HttpResult deleted = browser.post("/ui/w/" + teamB + "/delete", Map.of());
        assertThat(deleted.header("Location")).isEqualTo("/ui/");
        assertThat(browser.get("/ui/w/" + teamB + "/members").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsWorkspaceIsNotFound() {
        TestServer.Session other = server.registerOrganization("Elsewhere");
        String theirs = server.defaultWorkspace(other);
        assertThat(owner().get("/ui/w/" + theirs + "/configurations").status()).isEqualTo(404);
    }

    @Test
    void signingOutEndsTheSessionEvenForACopiedCookie() {
        ConsoleClient browser = owner();
        HttpResult page = browser.get("/ui/w/" + ws + "/configurations");
        assertThat(page.status()).isEqualTo(200);
        String copied = browser.sessionCookie();
        assertThat(ConsoleClient.holding(server, copied).get("/ui/w/" + ws + "/configurations").status()).isEqualTo(200);
        // A cookie altered by one character opens nothing.
        String altered = copied.substring(0, 20) + (copied.charAt(20) == 'A' ? 'B' : 'A') + copied.substring(21);
        assertThat(ConsoleClient.holding(server, altered).get("/ui/w/" + ws + "/configurations").status()).isEqualTo(303);
        HttpResult out = browser.post("/ui/logout", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/ui/login");
        assertThat(browser.get("/ui/w/" + ws + "/configurations").status()).isEqualTo(303);
        HttpResult replayed = ConsoleClient.holding(server, copied).get("/ui/w/" + ws + "/configurations");
        assertThat(replayed.status()).isEqualTo(303);
        assertThat(replayed.header("Location")).startsWith("/ui/login");
    }

    @Test
    void assetsComeFromTheJar() {
        ConsoleClient browser = new ConsoleClient(server);
        for (String asset : List.of("htmx.min.js", "chart.umd.js", "console.js", "console.css")) {
            HttpResult r = browser.get("/ui/assets/" + asset);
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotEmpty();
        }
        assertThat(browser.get("/ui/assets/../../etc/passwd").status()).isEqualTo(404);
        assertThat(owner().get("/ui/nothing-here").status()).isEqualTo(404);
    }
}

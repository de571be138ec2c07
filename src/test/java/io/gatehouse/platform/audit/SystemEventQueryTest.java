package io.gatehouse.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /systemevent} with the vendor's query body (contexts and events by the vendor's numbers) and
 * {@code POST/DELETE /systemevent/read}: configuration, repo key and conversation changes are there under
 * {@code aillm} (11), {@code aillmapikey} (12) and {@code conversation} (13), each with the caller's read mark.
 */
@Tag("db")
class SystemEventQueryTest {
    /** The vendor client's {@code ContextTypeHelper.contextTypes}, whose index is the number sent. */
    static final List<String> VENDOR_CONTEXTS = List.of("workspace", "bucket", "repo", "user", "org", "workspaceuser",
            "apikey", "usersettings", "orgsettings", "flashbacknode", "orgkey", "aillm", "aillmapikey", "conversation");
    /** {@code EventTypeHelper.eventTypes}. */
    static final List<String> VENDOR_EVENTS = List.of("created", "updated", "deleted");

    static TestServer server;
    static FakeOpenAi openai;
    static Api owner;
    static String workspace;
    static String aiLlm;
    static String repo;
    static String conversation;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        openai = new FakeOpenAi("sk-events-0123456789abcdef");
        owner = server.owner().api();
        workspace = PlatformCalls.workspace(owner, "events");
        aiLlm = PlatformCalls.aiLlm(owner, workspace, "events-llm", "OPENAI", openai.endpoint(), "sk-events-0123456789abcdef");
        owner.put("/ai/llm/" + aiLlm, Map.of("name", "events-llm-renamed"));
        repo = PlatformCalls.repo(owner, workspace, "events-repo", aiLlm);
        PlatformCalls.repoKey(owner, repo, "events-key");
        conversation = owner.post("/conversation", Map.of("repoId", repo)).text("conversationId");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @Test
    void contextsAndEventsAreNumberedAsTheVendorNumbersThem() {
        for (AuditContext context : AuditContext.values()) {
            int vendor = VENDOR_CONTEXTS.indexOf(context.wire());
            if (vendor >= 0) {
                assertThat(context.number()).as(context.wire()).isEqualTo(vendor);
            } else {
                assertThat(context.number()).as(context.wire() + ", Gatehouse's own").isGreaterThanOrEqualTo(100);
            }
            assertThat(AuditContext.byNumber(context.number())).contains(context);
        }
        for (AuditAction action : AuditAction.values()) {
            int vendor = VENDOR_EVENTS.indexOf(action.wire());
            if (vendor >= 0) {
                assertThat(action.number()).as(action.wire()).isEqualTo(vendor);
            } else {
                assertThat(action.number()).as(action.wire() + ", Gatehouse's own").isGreaterThanOrEqualTo(100);
            }
            assertThat(AuditAction.byNumber(action.number())).contains(action);
        }
    }

    @Test
    void configurationKeyAndConversationChangesAreQueriedByTheVendorsNumbers() {
        HttpResult configs = query(body("context", 11, "workspaceId", workspace, "skip", 0, "take", 10));
        assertThat(configs.status()).as(configs.toString()).isEqualTo(200);
        Contract.check(configs, "systemevent/SystemEventQueryResponse.json");
        assertThat(configs.json().path("events").findValuesAsText("context")).containsOnly("aillm");
        assertThat(configs.json().path("events").findValuesAsText("event")).containsExactly("updated", "created");
        assertThat(configs.json().path("events").findValuesAsText("contextId")).containsOnly(aiLlm);

        HttpResult updates = query(body("context", 11, "event", 1, "workspaceId", workspace, "skip", 0, "take", 10));
        assertThat(updates.json().path("total").asInt()).isEqualTo(1);

        HttpResult keys = query(body("context", 12, "workspaceId", workspace, "skip", 0, "take", 10));
        Contract.check(keys, "systemevent/SystemEventQueryResponse.json");
        // The repo key and the conversation's own key.
        assertThat(keys.json().path("events").size()).isEqualTo(2);

        HttpResult chats = query(body("context", 13, "contextId", conversation, "skip", 0, "take", 10));
        Contract.check(chats, "systemevent/SystemEventQueryResponse.json");
        assertThat(chats.json().path("events").findValuesAsText("event")).containsExactly("created");
        JsonNode event = chats.json().path("events").get(0);
        assertThat(event.path("userId").asText()).isEqualTo(server.owner().userId());
        assertThat(event.path("userEmail").asText()).isEqualTo(TestServer.OWNER_EMAIL);
        assertThat(event.path("jsonData").asText()).startsWith("{");

        assertThat(query(body("from_timestamp", "2999-01-01T00:00:00Z", "skip", 0, "take", 10)).json().path("total").asInt()).isZero();
        assertThat(query(body("context", 42, "skip", 0, "take", 10)).status()).isEqualTo(400);
        assertThat(query(body("event", 7, "skip", 0, "take", 10)).status()).isEqualTo(400);
        assertThat(query(body("skip", 0, "take", 1000)).status()).isEqualTo(400);
    }

    @Test
    void readMarksAreTheCallersAndShowUnreadFiltersByThem() {
        Session reader = server.createUser(server.owner(), OrgRole.USER.code());
        PlatformCalls.member(owner, workspace, reader.userId(), "READ");
        Map<String, Object> configEvents = body("context", 11, "workspaceId", workspace, "skip", 0, "take", 10);
        JsonNode before = query(reader.api(), configEvents).json().path("events");
        assertThat(before.findValuesAsText("showUnread")).containsOnly("true");
        List<Long> ids = new ArrayList<>();
        before.forEach(e -> ids.add(e.path("id").asLong()));

        HttpResult marked = reader.api().post("/systemevent/read", Map.of("id", ids.get(0)));
        assertThat(marked.status()).as(marked.toString()).isEqualTo(200);
        Contract.check(marked, "systemevent/SystemEventReadStatusResponse.json");
        assertThat(reader.api().post("/systemevent/read", Map.of("ids", ids)).status()).isEqualTo(200);
        JsonNode after = query(reader.api(), configEvents).json().path("events");
        assertThat(after.findValuesAsText("showUnread")).containsOnly("false");
        Map<String, Object> unreadOnly = body("context", 11, "workspaceId", workspace, "showUnread", true, "skip", 0, "take", 10);
        assertThat(query(reader.api(), unreadOnly).json().path("total").asInt()).isZero();
        // Marks are per user: the owner has read nothing.
        assertThat(query(owner, unreadOnly).json().path("total").asInt()).isEqualTo(ids.size());

        HttpResult unmarked = reader.api().send("DELETE", "/systemevent/read", Map.of("ids", List.of(ids.get(0))), "application/json");
        assertThat(unmarked.status()).as(unmarked.toString()).isEqualTo(200);
        Contract.check(unmarked, "systemevent/SystemEventReadStatusResponse.json");
        JsonNode unread = query(reader.api(), unreadOnly).json().path("events");
        assertThat(unread.findValuesAsText("id")).containsExactly(String.valueOf(ids.get(0)));

        // Events the caller cannot see are not found (and nothing is marked); a body naming none is a 400.
        Session outsider = server.createUser(server.owner(), OrgRole.USER.code());
        HttpResult foreign = outsider.api().post("/systemevent/read", Map.of("ids", ids));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("success").asBoolean(true)).isFalse();
        assertThat(outsider.api().post("/systemevent/read", Map.of()).status()).isEqualTo(400);
        assertThat(outsider.api().post("/systemevent/read", Map.of("ids", List.of("x"))).status()).isEqualTo(400);
    }

    static HttpResult query(Map<String, Object> body) {
        return query(owner, body);
    }

    static HttpResult query(Api api, Map<String, Object> body) {
        return api.post("/systemevent", body);
    }
}

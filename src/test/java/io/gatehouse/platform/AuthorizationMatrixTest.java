package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.NONE;
import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.OTHER_ORG;
import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.OTHER_WORKSPACE;
import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.OWN_ORG;
import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.OWN_WORKSPACE;
import static io.gatehouse.platform.AuthorizationMatrixTest.Scope.SELF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The authorization matrix: every operation of {@code openapi.yaml}, sent over HTTP by every kind of caller at
 * objects of every scope it can name, answers what docs/api.md ("Roles") promises — allowed (2xx), 403 for a visible
 * object the caller may not change, 404 for one it cannot see (another tenant's never answers 403 or 200), 401
 * without a token. No answer names a fixture object the caller cannot see.
 *
 * <p>The expectations live in {@link #table()}, one row per operation. A documented operation without a row fails
 * (as a case of its own), and so does a row naming an operation the document lacks: a new endpoint cannot be added
 * without saying, and testing, who may call it.
 */
@Tag("db")
class AuthorizationMatrixTest {
    static final String KEY = "sk-matrix-0123456789abcdef";
    static final String POLICY_TEXT = "Never send customer e-mail addresses to the model";
    /** What the fake judge says: an empty answer both policy advice operations accept. */
    static final String JUDGE_ANSWER = "{\"results\":[],\"recommended_policies\":[]}";
    static final Map<String, Object> VALIDATE_BODY = Map.of("policies", List.of(Map.of("policy_uuid", "p-1", "content", POLICY_TEXT)));

    static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    static FakeOpenAi openai;
    static TestServer server;
    static Map<Caller, Actor> actors;
    static Map<Scope, Place> places;
    /** A conversation of each workspace scope, started by the scope's manager. */
    static Map<Scope, String> conversations;
    /** A shared provider key of each workspace scope. */
    static Map<Scope, String> sharedKeys;
    /** The fixture objects' ids and the scope each lives in, to check no answer names one its caller cannot see. */
    static Map<String, Scope> fixtureIds;

    // ---------------------------------------------------------------------------------------------------------------
    // Who calls, at what, and what it may do

    /**
     * Who calls. Organization A holds the own and the other workspace; its members' access is to the own workspace
     * only. Owners and administrators act as ADMIN in every workspace of their organization.
     */
    enum Caller {
        OWNER("OWNER", false, OrgRole.OWNER, null),
        ADMINISTRATORS("ADMINISTRATORS", false, OrgRole.ADMINISTRATORS, null),
        WORKSPACES("WORKSPACES (READ member)", false, OrgRole.WORKSPACES, AccessType.READ),
        BILLING("BILLING (READ member)", false, OrgRole.BILLING, AccessType.READ),
        USER_READ("USER (READ member)", false, OrgRole.USER, AccessType.READ),
        USER_WRITE("USER (WRITE member)", false, OrgRole.USER, AccessType.WRITE),
        USER_ADMIN("USER (ADMIN member)", false, OrgRole.USER, AccessType.ADMIN),
        NON_MEMBER("USER (not a member)", false, OrgRole.USER, null),
        MANAGEMENT_TOKEN("ghm_ token of a USER (WRITE member)", false, OrgRole.USER, AccessType.WRITE),
        OTHER_ORG_OWNER("OWNER of another organization", true, OrgRole.OWNER, null),
        NO_TOKEN("no token", false, null, null);

        final String label;
        final boolean ofOtherOrg;
        final OrgRole role;
        /** Its membership of the own workspace (managers need none). */
        final AccessType ownWorkspace;

        Caller(String label, boolean ofOtherOrg, OrgRole role, AccessType ownWorkspace) {
            this.label = label;
            this.ofOtherOrg = ofOtherOrg;
            this.role = role;
            this.ownWorkspace = ownWorkspace;
        }

        /**
         * What the caller holds on an object of the scope; null when it cannot see it. On organization-level objects
         * managers hold ADMIN and every other member READ.
         */
        AccessType grant(Scope scope) {
            if (role == null) {
                return null;
            }
            boolean manager = role.managesOrganization();
            AccessType inOrg = manager ? AccessType.ADMIN : AccessType.READ;
            return switch (scope) {
                case NONE, SELF -> inOrg;
                case OWN_ORG -> ofOtherOrg ? null : inOrg;
                case OWN_WORKSPACE -> ofOtherOrg ? null : manager ? AccessType.ADMIN : ownWorkspace;
                case OTHER_WORKSPACE -> ofOtherOrg || !manager ? null : AccessType.ADMIN;
                case OTHER_ORG -> ofOtherOrg ? inOrg : null;
            };
        }
    }

    /** What a request targets, seen from organization A (whose members most callers are). */
    enum Scope {
        /** Nothing named: the caller's own organization. */
        NONE("-"),
        /** The caller's own user or token. */
        SELF("self"),
        /** Organization A itself, its users and its organization policies. */
        OWN_ORG("own org"),
        /** The workspace of A the members belong to, and its objects. */
        OWN_WORKSPACE("own workspace"),
        /** Another workspace of A, nobody's but the managers'. */
        OTHER_WORKSPACE("other workspace"),
        /** Organization B: itself, its users, a workspace and its objects. */
        OTHER_ORG("other org");

        final String label;

        Scope(String label) {
            this.label = label;
        }
    }

    enum Expect {
        ALLOWED(0), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404);

        final int status;

        Expect(int status) {
            this.status = status;
        }
    }

    /** What a signed-in caller gets at a scope. */
    @FunctionalInterface
    interface Rule {
        Expect expect(Caller caller, Scope scope);
    }

    /** No token needed: the body's credentials decide. */
    static final Rule PUBLIC = (caller, scope) -> Expect.ALLOWED;
    /** Any signed-in caller; ids given as filters only narrow the answer (never a 404). */
    static final Rule SIGNED_IN = (caller, scope) -> Expect.ALLOWED;
    static final Rule READ = needs(AccessType.READ);
    static final Rule WRITE = needs(AccessType.WRITE);
    static final Rule ADMIN = needs(AccessType.ADMIN);
    /** Owners and administrators of the organization only (they alone hold ADMIN on it). */
    static final Rule MANAGERS = needs(AccessType.ADMIN);
    /** Only the caller's own user or token; anyone else's is not found. */
    static final Rule SELF_ONLY = (caller, scope) -> scope == SELF ? Expect.ALLOWED : Expect.NOT_FOUND;
    /**
     * A conversation of the scope (its manager's): seen by whoever holds ADMIN on its workspace (and its creator),
     * not found by anyone else — a member short of ADMIN does not learn it exists.
     */
    static final Rule SEES_CONVERSATION = (caller, scope) -> caller.grant(scope) == AccessType.ADMIN ? Expect.ALLOWED : Expect.NOT_FOUND;
    /** Only a conversation's creator prompts in it; the administrators who see it get 403. */
    static final Rule CONVERSATION_CREATOR = (caller, scope) -> SEES_CONVERSATION.expect(caller, scope) != Expect.ALLOWED
            ? Expect.NOT_FOUND : actor(caller).self().userId().equals(place(scope).manager().userId()) ? Expect.ALLOWED
            : Expect.FORBIDDEN;
    static final Rule CREATES_WORKSPACES = (caller, scope) -> caller.role.createsWorkspaces() ? Expect.ALLOWED : Expect.FORBIDDEN;

    /** Not visible: 404; visible but short of {@code needed}: 403. */
    static Rule needs(AccessType needed) {
        return (caller, scope) -> {
            AccessType grant = caller.grant(scope);
            return grant == null ? Expect.NOT_FOUND : grant.allows(needed) ? Expect.ALLOWED : Expect.FORBIDDEN;
        };
    }

    static final List<Scope> ONLY_NONE = List.of(NONE);
    static final List<Scope> SELF_SCOPES = List.of(SELF, OWN_ORG, OTHER_ORG);
    static final List<Scope> ORG_SCOPES = List.of(OWN_ORG, OTHER_ORG);
    static final List<Scope> WORKSPACE_SCOPES = List.of(OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG);
    /** Lists with an optional workspace (or object) filter: without it, and naming each workspace scope. */
    static final List<Scope> FILTER_SCOPES = List.of(NONE, OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG);
    /** Policies: organization policies and workspace ones. */
    static final List<Scope> POLICY_SCOPES = List.of(OWN_ORG, OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG);

    /** A concrete request: the path with its ids (and query) filled, and the body (null for none). */
    record Target(String path, Object body) {
    }

    @FunctionalInterface
    interface RequestMaker {
        Target make(Caller caller, Scope scope);
    }

    /** One operation: who may call it at which scopes, and how to build a request that passes when allowed. */
    record Row(String method, String path, Rule rule, List<Scope> scopes, RequestMaker request) {
        String operation() {
            return method + " " + path;
        }

        Expect expect(Caller caller, Scope scope) {
            if (rule == PUBLIC) {
                return Expect.ALLOWED;
            }
            return caller == Caller.NO_TOKEN ? Expect.UNAUTHENTICATED : rule.expect(caller, scope);
        }

        /** The template with each {@code {param}} as one path segment, and any query. */
        Pattern pattern() {
            return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/?]+\\\\Q") + "(\\?.*)?");
        }
    }

    static Row row(String method, String path, Rule rule, List<Scope> scopes, RequestMaker request) {
        return new Row(method, path, rule, scopes, request);
    }

    /**
     * The table. Bodies are minimal and valid so that "allowed" is a real 2xx; operations that destroy what they
     * name get a fresh object per case, and changes send back what is there (names) so shared fixtures stay as
     * they are.
     */
    static List<Row> table() {
        return List.of(
                // Sessions and the caller itself
                row("POST", "/user/login", PUBLIC, ONLY_NONE, (c, s) -> at("/user/login",
                        Map.of("email", actor(c).self().email(), "password", actor(c).password()))),
                row("POST", "/user/refresh", PUBLIC, ONLY_NONE, (c, s) -> at("/user/refresh", Map.of("refresh_token", refreshToken(c)))),
                row("POST", "/user/logout", PUBLIC, ONLY_NONE, (c, s) -> at("/user/logout", Map.of("refresh_token", refreshToken(c)))),
                row("POST", "/user/register", PUBLIC, ONLY_NONE, (c, s) -> at("/user/register", Map.of("email", unique("founder") + "@matrix.test",
                        "password", TestServer.PASSWORD, "firstName", "Founder", "companyName", unique("Company")))),
                row("GET", "/user/profile", SIGNED_IN, ONLY_NONE, (c, s) -> at("/user/profile")),
                row("PUT", "/user/{userId}", SELF_ONLY, SELF_SCOPES, (c, s) -> at("/user/" + user(c, s).userId(), Map.of("lastName", "Matrix"))),
                row("POST", "/user/tokens", SIGNED_IN, ONLY_NONE, (c, s) -> at("/user/tokens", Map.of("name", unique("token")))),
                row("GET", "/user/tokens", SIGNED_IN, ONLY_NONE, (c, s) -> at("/user/tokens")),
                row("DELETE", "/user/tokens/{tokenId}", SELF_ONLY, SELF_SCOPES, (c, s) -> at("/user/tokens/" + freshToken(user(c, s)))),

                // The organization and its users
                row("GET", "/organization/{orgId}", READ, ORG_SCOPES, (c, s) -> at("/organization/" + place(s).orgId())),
                row("PUT", "/organization/{orgId}", MANAGERS, ORG_SCOPES, (c, s) -> at("/organization/" + place(s).orgId(),
                        Map.of("name", place(s).orgName()))),
                row("GET", "/organization/users", SIGNED_IN, ONLY_NONE, (c, s) -> at("/organization/users")),
                row("POST", "/organization/users", MANAGERS, ONLY_NONE, (c, s) -> at("/organization/users", newUserBody())),
                row("GET", "/organization/users/{userId}", READ, ORG_SCOPES, (c, s) -> at("/organization/users/" + place(s).bystander().userId())),
                row("PUT", "/organization/users/{userId}", MANAGERS, ORG_SCOPES, (c, s) -> at("/organization/users/" + place(s).bystander().userId(),
                        Map.of("lastName", "Bystander"))),
                row("DELETE", "/organization/users/{userId}", MANAGERS, ORG_SCOPES, (c, s) -> at("/organization/users/" + freshUser(place(s)))),
                row("GET", "/organization/{orgId}/settings", MANAGERS, ORG_SCOPES, (c, s) -> at("/organization/" + place(s).orgId() + "/settings")),
                row("PUT", "/organization/{orgId}/settings", MANAGERS, ORG_SCOPES, (c, s) -> at("/organization/" + place(s).orgId() + "/settings",
                        Map.of("asyncJudge", false))),

                // Workspaces and their members
                row("POST", "/workspace", CREATES_WORKSPACES, ONLY_NONE, (c, s) -> at("/workspace", Map.of("name", unique("workspace")))),
                row("GET", "/workspace", SIGNED_IN, ONLY_NONE, (c, s) -> at("/workspace")),
                row("GET", "/workspace/{id}", READ, WORKSPACE_SCOPES, (c, s) -> at("/workspace/" + place(s).workspaceId())),
                row("PUT", "/workspace/{id}", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/workspace/" + place(s).workspaceId(),
                        Map.of("name", place(s).workspaceName()))),
                row("DELETE", "/workspace/{id}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at("/workspace/" + freshWorkspace(s))),
                row("GET", "/workspace/{id}/users", READ, WORKSPACE_SCOPES, (c, s) -> at("/workspace/" + place(s).workspaceId() + "/users")),
                row("POST", "/workspace/{id}/users", ADMIN, WORKSPACE_SCOPES, (c, s) -> at("/workspace/" + place(s).workspaceId() + "/users",
                        Map.of("userId", place(s).bystander().userId(), "role", "READ"))),
                row("GET", "/workspace/{id}/users/{userId}", READ, WORKSPACE_SCOPES, (c, s) -> at(bystanderMembership(s))),
                row("PUT", "/workspace/{id}/users/{userId}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at(bystanderMembership(s), Map.of("role", "READ"))),
                row("DELETE", "/workspace/{id}/users/{userId}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at(bystanderMembership(s))),

                // The audit log and usage statistics: filters only narrow
                row("GET", "/systemevent", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/systemevent" + filter(s, "workspaceId", Place::workspaceId))),
                row("POST", "/systemevent", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/systemevent", s == NONE
                        ? Map.of("skip", 0, "take", 10) : Map.of("workspaceId", place(s).workspaceId(), "skip", 0, "take", 10))),
                // Read marks are the caller's own, on events it sees: its own sign-in.
                row("POST", "/systemevent/read", SIGNED_IN, ONLY_NONE, (c, s) -> at("/systemevent/read", Map.of("id", ownEvent(c)))),
                row("DELETE", "/systemevent/read", SIGNED_IN, ONLY_NONE, (c, s) -> at("/systemevent/read", Map.of("id", ownEvent(c)))),

                // Settings documents: everyone's own; the organization's read by every member, changed by managers
                row("GET", "/settings/user", SIGNED_IN, ONLY_NONE, (c, s) -> at("/settings/user")),
                row("POST", "/settings/user", SIGNED_IN, ONLY_NONE, (c, s) -> at("/settings/user", Map.of("settings", Map.of("theme", "dark")))),
                row("PUT", "/settings/user", SIGNED_IN, ONLY_NONE, (c, s) -> at("/settings/user", Map.of("theme", "light"))),
                row("DELETE", "/settings/user", SIGNED_IN, ONLY_NONE, (c, s) -> at("/settings/user", Map.of("keys", List.of("theme")))),
                row("GET", "/settings/organization", SIGNED_IN, ONLY_NONE, (c, s) -> at("/settings/organization")),
                row("POST", "/settings/organization", MANAGERS, ONLY_NONE, (c, s) -> at("/settings/organization",
                        Map.of("settings", Map.of("brand", "Matrix")))),
                row("PUT", "/settings/organization", MANAGERS, ONLY_NONE, (c, s) -> at("/settings/organization", Map.of("brand", "Matrix"))),
                row("DELETE", "/settings/organization", MANAGERS, ONLY_NONE, (c, s) -> at("/settings/organization",
                        Map.of("keys", List.of("brand")))),
                row("GET", "/aistats/minute", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/aistats/minute" + filter(s, "repoId", Place::repoId))),
                row("GET", "/aistats/daily", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/aistats/daily" + filter(s, "repoId", Place::repoId))),
                // Dashboards: the organization (members see their workspaces of it), or a workspace or repository to READ
                row("GET", "/v2/stats/ai", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/ai" + dashboard(s, "workspace"))),
                row("GET", "/v2/stats/ai/breakdown/{by}", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/ai/breakdown/repos" + dashboard(s, "repo"))),
                row("GET", "/v2/stats/policies", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/policies" + dashboard(s, "repo"))),
                row("GET", "/v2/stats/policies/tokens", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/policies/tokens" + dashboard(s, "workspace"))),
                row("GET", "/v2/stats/policies/breakdown/{by}", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/policies/breakdown/rules" + dashboard(s, "workspace"))),
                row("GET", "/v2/stats/private-chat", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/private-chat" + dashboard(s, "repo"))),
                row("GET", "/v2/stats/private-chat/breakdown/{by}", READ, FILTER_SCOPES, (c, s) -> at("/v2/stats/private-chat/breakdown/users" + dashboard(s, "workspace"))),
                row("GET", "/aistats/requests", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/aistats/requests" + filter(s, "repoId", Place::repoId))),
                row("GET", "/aistats/requests/summary", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/aistats/requests/summary" + filter(s, "repoId", Place::repoId))),

                // AI LLM configurations
                row("POST", "/ai/llm", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/ai/llm", Map.of("workspaceId", place(s).workspaceId(),
                        "name", unique("llm"), "aiType", "OPENAI", "endpoint", openai.endpoint(), "secret", KEY))),
                row("GET", "/ai/llm", READ, FILTER_SCOPES, (c, s) -> at("/ai/llm" + filter(s, "workspaceId", Place::workspaceId))),
                row("GET", "/ai/llm/available", READ, FILTER_SCOPES, (c, s) -> at("/ai/llm/available" + filter(s, "workspaceId", Place::workspaceId))),
                row("GET", "/ai/llm/stats", READ, FILTER_SCOPES, (c, s) -> at("/ai/llm/stats" + filter(s, "aiLlmId", Place::aiLlmId))),
                row("GET", "/ai/llm/{id}", READ, WORKSPACE_SCOPES, (c, s) -> at("/ai/llm/" + place(s).aiLlmId())),
                row("PUT", "/ai/llm/{id}", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/ai/llm/" + place(s).aiLlmId(), Map.of("name", place(s).aiLlmName()))),
                row("DELETE", "/ai/llm/{id}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at("/ai/llm/" + freshAiLlm(place(s)))),
                row("POST", "/ai/llm/{id}/validate", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/ai/llm/" + place(s).aiLlmId() + "/validate")),

                // Shared provider keys: as configurations
                row("POST", "/apikeys", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/apikeys", Map.of("provider", "OPENAI", "secret", KEY,
                        "endpoint", openai.endpoint(), "workspaceId", place(s).workspaceId()))),
                row("GET", "/apikeys", READ, FILTER_SCOPES, (c, s) -> at("/apikeys" + filter(s, "workspaceId", Place::workspaceId))),
                row("PUT", "/apikeys/{id}", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/apikeys/" + sharedKeys.get(s),
                        Map.of("description", "matrix"))),
                row("DELETE", "/apikeys/{id}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at("/apikeys/" + freshSharedKey(place(s)))),

                // Repositories and their keys
                row("POST", "/ai/models", READ, WORKSPACE_SCOPES, (c, s) -> at("/ai/models", Map.of("repoId", place(s).repoId()))),
                row("POST", "/repo", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/repo", Map.of("name", unique("repo"), "workspaceId", place(s).workspaceId()))),
                row("GET", "/repo", READ, FILTER_SCOPES, (c, s) -> at("/repo" + filter(s, "workspaceId", Place::workspaceId))),
                row("GET", "/repo/{id}", READ, WORKSPACE_SCOPES, (c, s) -> at("/repo/" + place(s).repoId())),
                row("PUT", "/repo/{id}", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/repo/" + place(s).repoId(), Map.of("name", place(s).repoName()))),
                row("DELETE", "/repo/{id}", ADMIN, WORKSPACE_SCOPES, (c, s) -> at("/repo/" + freshRepo(place(s)))),
                row("POST", "/repo/{repoId}/ai/apikey", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/repo/" + place(s).repoId() + "/ai/apikey",
                        Map.of("name", unique("key")))),
                row("GET", "/repo/{repoId}/ai/apikey", READ, WORKSPACE_SCOPES, (c, s) -> at("/repo/" + place(s).repoId() + "/ai/apikey")),
                row("PUT", "/repo/{repoId}/ai/apikey/{apikeyId}", WRITE, WORKSPACE_SCOPES, (c, s) -> at(
                        "/repo/" + place(s).repoId() + "/ai/apikey/" + place(s).keyId(), Map.of("name", place(s).keyName()))),
                // Revoking is a safety action: whoever may create a key may revoke it.
                row("DELETE", "/repo/{repoId}/ai/apikey/{apikeyId}", WRITE, WORKSPACE_SCOPES, (c, s) -> at(
                        "/repo/" + place(s).repoId() + "/ai/apikey/" + freshKey(place(s)))),

                // Private chat: conversations are their creator's and the workspace administrators'
                row("POST", "/conversation", WRITE, WORKSPACE_SCOPES, (c, s) -> at("/conversation", Map.of("repoId", place(s).repoId()))),
                row("GET", "/conversation", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/conversation" + filter(s, "workspaceId", Place::workspaceId))),
                row("POST", "/conversation/{id}/prompt", CONVERSATION_CREATOR, WORKSPACE_SCOPES, (c, s) -> at(
                        "/conversation/" + conversations.get(s) + "/prompt", Map.of("prompt", "Hello", "model", "gpt-4o"))),
                row("GET", "/conversation/{id}/messages", SEES_CONVERSATION, WORKSPACE_SCOPES, (c, s) -> at(
                        "/conversation/" + conversations.get(s) + "/messages")),
                row("DELETE", "/conversation/{id}", SEES_CONVERSATION, WORKSPACE_SCOPES, (c, s) -> at(
                        "/conversation/" + freshConversation(place(s)))),

                // Policies: organization policies are read by every member and changed by managers only
                row("POST", "/policy", WRITE, List.of(NONE, OWN_ORG, OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG), (c, s) -> at("/policy", policyBody(s))),
                row("GET", "/policy", READ, POLICY_SCOPES, (c, s) -> at("/policy?orgId=" + place(s).orgId()
                        + (place(s).workspaceId() == null ? "" : "&workspaceId=" + place(s).workspaceId()))),
                row("POST", "/policy/validate", SIGNED_IN, ONLY_NONE, (c, s) -> at("/policy/validate", VALIDATE_BODY)),
                row("POST", "/policy/recommend", READ, List.of(NONE, OWN_ORG, OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG), (c, s) -> at(
                        "/policy/recommend", recommendBody(s))),
                row("GET", "/policy/violations", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/policy/violations" + filter(s, "workspaceId", Place::workspaceId))),
                row("GET", "/policy/alerts", SIGNED_IN, FILTER_SCOPES, (c, s) -> at("/policy/alerts" + filter(s, "workspaceId", Place::workspaceId))),
                row("GET", "/policy/{policyId}", READ, POLICY_SCOPES, (c, s) -> at("/policy/" + place(s).policyId())),
                row("PUT", "/policy/{policyId}", WRITE, POLICY_SCOPES, (c, s) -> at("/policy/" + place(s).policyId(), Map.of("name", place(s).policyName()))),
                row("DELETE", "/policy/{policyId}", ADMIN, POLICY_SCOPES, (c, s) -> at("/policy/" + freshPolicy(place(s)))),
                row("GET", "/policy/{policyId}/violations", READ, POLICY_SCOPES, (c, s) -> at("/policy/" + place(s).policyId() + "/violations")),
                row("GET", "/policy/{policyId}/alerts", READ, POLICY_SCOPES, (c, s) -> at("/policy/" + place(s).policyId() + "/alerts")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The tests

    @TestFactory
    Stream<DynamicTest> everyOperationByEveryCallerAtEveryScope() {
        Map<String, Row> rows = rowsByOperation();
        return documentedOperations().stream().flatMap(operation -> {
            Row row = rows.get(operation);
            if (row == null) {
                return Stream.of(dynamicTest(operation + " × no row", () -> fail(operation
                        + " is in openapi.yaml but not in AuthorizationMatrixTest.table(): add a row saying who may call it")));
            }
            return row.scopes().stream().flatMap(scope -> Arrays.stream(Caller.values()).map(caller ->
                    dynamicTest(operation + " × " + caller.label + " × " + scope.label, () -> check(row, caller, scope))));
        });
    }

    @Test
    void everyRowNamesADocumentedOperation() {
        assertThat(rowsByOperation().keySet()).as("rows of operations openapi.yaml does not describe")
                .isSubsetOf(documentedOperations());
    }

    private static void check(Row row, Caller caller, Scope scope) {
        Target target = row.request().make(caller, scope);
        assertThat(target.path()).as("the request fills the row's path").matches(row.pattern());
        HttpResult answer = actor(caller).api().send(row.method(), target.path(), target.body(), "application/json");
        Expect expected = row.expect(caller, scope);
        String what = row.operation() + " × " + caller.label + " × " + scope.label + ": " + row.method() + " " + target.path()
                + " answered " + answer.status() + " " + abbreviated(answer.body());
        if (expected == Expect.ALLOWED) {
            assertThat(answer.status()).as(what).isBetween(200, 299);
        } else {
            assertThat(answer.status()).as(what).isEqualTo(expected.status);
            assertThat(answer.json().path("success").asBoolean(true)).as(what).isFalse();
        }
        if (row.rule() != PUBLIC) {
            for (Map.Entry<String, Scope> id : fixtureIds.entrySet()) {
                if (caller.grant(id.getValue()) == null) {
                    assertThat(answer.body()).as(what + "\nnames an object of the " + id.getValue().label + " scope")
                            .doesNotContain(id.getKey());
                }
            }
        }
    }

    private static String abbreviated(String body) {
        return body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }

    static Map<String, Row> rowsByOperation() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Row row : table()) {
            assertThat(rows.put(row.operation(), row)).as("second row for " + row.operation()).isNull();
        }
        return rows;
    }

    /** "METHOD /path" of every operation in openapi.yaml, in the document's order. */
    static Set<String> documentedOperations() {
        JsonNode paths;
        try {
            paths = Json.MAPPER.readTree(AdminServer.openApiDocument()).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> operations = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (HTTP_METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures

    /** A caller as it signs in: the user it is (its own objects and credentials) and the client sending its token. */
    record Actor(Session self, String password, Api api) {
    }

    /**
     * What a scope's requests name: its organization, a bystander user (never a caller) and, for a workspace, the
     * workspace with a configuration, a repository, a key and a policy. The own organization's place has no
     * workspace; its policy is an organization policy. {@code manager} makes fresh objects there.
     */
    record Place(Session manager, String orgId, String orgName, Session bystander, String workspaceId, String workspaceName,
                 String aiLlmId, String aiLlmName, String repoId, String repoName, String keyId, String keyName,
                 String policyId, String policyName) {
    }

    @BeforeAll
    static void start() {
        openai = new FakeOpenAi(KEY);
        openai.answerChatWith(JUDGE_ANSWER);
        server = TestServer.start();
        actors = new EnumMap<>(Caller.class);
        places = new EnumMap<>(Scope.class);
        fixtureIds = new HashMap<>();
        Session ownerA = server.owner();
        Session ownerB = server.registerOrganization("Other Org");
        Map<Caller, Session> users = new EnumMap<>(Caller.class);
        users.put(Caller.OWNER, ownerA);
        users.put(Caller.OTHER_ORG_OWNER, ownerB);
        for (Caller caller : Caller.values()) {
            if (caller.role != null && !users.containsKey(caller)) {
                users.put(caller, server.createUser(ownerA, caller.role.code()));
            }
        }
        users.forEach((caller, user) -> actors.put(caller, new Actor(user,
                caller == Caller.OWNER ? TestServer.OWNER_PASSWORD : TestServer.PASSWORD, user.api())));
        Session tokenUser = users.get(Caller.MANAGEMENT_TOKEN);
        String token = tokenUser.api().post("/user/tokens", Map.of("name", "matrix")).text("token");
        actors.put(Caller.MANAGEMENT_TOKEN, new Actor(tokenUser, TestServer.PASSWORD, server.admin().as(token)));
        actors.put(Caller.NO_TOKEN, new Actor(users.get(Caller.USER_READ), TestServer.PASSWORD, server.admin()));

        Session bystanderA = server.createUser(ownerA, OrgRole.USER.code());
        Session bystanderB = server.createUser(ownerB, OrgRole.USER.code());
        Place own = workspacePlace(ownerA, bystanderA, OWN_WORKSPACE, "matrix-own");
        places.put(OWN_WORKSPACE, own);
        places.put(OTHER_WORKSPACE, workspacePlace(ownerA, bystanderA, OTHER_WORKSPACE, "matrix-other"));
        Place foreign = workspacePlace(ownerB, bystanderB, OTHER_ORG, "matrix-foreign");
        places.put(OTHER_ORG, foreign);
        String orgPolicy = PlatformCalls.policy(ownerA.api(), null, null, "matrix-org-policy", POLICY_TEXT, "LOW", 0);
        places.put(OWN_ORG, new Place(ownerA, ownerA.orgId(), orgName(ownerA), bystanderA, null, null, null, null, null, null,
                null, null, orgPolicy, "matrix-org-policy"));
        Stream.of(ownerA.orgId(), orgPolicy, bystanderA.userId()).forEach(id -> fixtureIds.put(id, OWN_ORG));
        users.values().forEach(user -> fixtureIds.put(user.userId(), user.orgId().equals(ownerA.orgId()) ? OWN_ORG : OTHER_ORG));
        Stream.of(ownerB.orgId(), bystanderB.userId()).forEach(id -> fixtureIds.put(id, OTHER_ORG));

        conversations = new EnumMap<>(Scope.class);
        sharedKeys = new EnumMap<>(Scope.class);
        for (Scope scope : List.of(OWN_WORKSPACE, OTHER_WORKSPACE, OTHER_ORG)) {
            conversations.put(scope, freshConversation(place(scope)));
            fixtureIds.put(conversations.get(scope), scope);
            sharedKeys.put(scope, freshSharedKey(place(scope)));
            fixtureIds.put(sharedKeys.get(scope), scope);
        }

        // Each organization's judge is a configuration on the fake, so policy advice answers 200 when allowed.
        judge(ownerA, own.aiLlmId());
        judge(ownerB, foreign.aiLlmId());
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (openai != null) {
                openai.close();
            }
        }
    }

    private static Place workspacePlace(Session manager, Session bystander, Scope scope, String name) {
        Api api = manager.api();
        String workspaceId = PlatformCalls.workspace(api, name);
        if (scope == OWN_WORKSPACE) {
            grantOwnWorkspace(workspaceId);
        }
        PlatformCalls.member(api, workspaceId, bystander.userId(), "READ");
        String aiLlmId = PlatformCalls.aiLlm(api, workspaceId, name + "-llm", "OPENAI", openai.endpoint(), KEY);
        PlatformCalls.validate(api, aiLlmId);
        String repoId = PlatformCalls.repo(api, workspaceId, name + "-repo", aiLlmId);
        String keyId = PlatformCalls.repoKey(api, repoId, name + "-key").text("id");
        String policyId = PlatformCalls.policy(api, workspaceId, null, name + "-policy", POLICY_TEXT, "LOW", 0);
        Stream.of(workspaceId, aiLlmId, repoId, keyId, policyId).forEach(id -> fixtureIds.put(id, scope));
        return new Place(manager, manager.orgId(), orgName(manager), bystander, workspaceId, name, aiLlmId, name + "-llm",
                repoId, name + "-repo", keyId, name + "-key", policyId, name + "-policy");
    }

    /** The members' access to the own workspace (and to fresh ones standing in for it). */
    private static void grantOwnWorkspace(String workspaceId) {
        for (Caller caller : Caller.values()) {
            if (caller.ownWorkspace != null) {
                PlatformCalls.member(server.owner().api(), workspaceId, actor(caller).self().userId(), caller.ownWorkspace.name());
            }
        }
    }

    private static void judge(Session owner, String aiLlmId) {
        HttpResult set = owner.api().put("/organization/" + owner.orgId() + "/settings",
                Map.of("judgeAiLlmId", aiLlmId, "judgeModel", "gpt-4o-mini"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        // The judge is called through the gateway's snapshot, which picks the configuration up within a moment.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> owner.api().post("/policy/validate", VALIDATE_BODY).status() == 200);
    }

    private static String orgName(Session member) {
        return member.api().get("/organization/" + member.orgId()).json().path("data").path("name").asText();
    }

    static Actor actor(Caller caller) {
        return actors.get(caller);
    }

    static Place place(Scope scope) {
        return places.get(scope);
    }

    /** The user a self-scoped request names: the caller's own, or a bystander of organization A or B. */
    static Session user(Caller caller, Scope scope) {
        return scope == SELF ? actor(caller).self() : place(scope).bystander();
    }

    static Target at(String path) {
        return new Target(path, null);
    }

    static Target at(String path, Object body) {
        return new Target(path, body);
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A query naming the scope's object, or none without a scope. */
    /** A dashboard's query: the organization, or the scope's workspace or repository, over the last 24 hours. */
    static String dashboard(Scope scope, String kind) {
        if (scope == NONE) {
            return "?scope=org&window=24h";
        }
        Place place = place(scope);
        return "?scope=" + kind + "&id=" + (kind.equals("repo") ? place.repoId() : place.workspaceId()) + "&window=24h";
    }

    static String filter(Scope scope, String parameter, Function<Place, String> id) {
        return scope == NONE ? "" : "?" + parameter + "=" + id.apply(place(scope));
    }

    static String refreshToken(Caller caller) {
        Actor actor = actor(caller);
        HttpResult login = server.admin().post("/user/login", Map.of("email", actor.self().email(), "password", actor.password()));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.text("refreshToken");
    }

    static Map<String, Object> newUserBody() {
        return Map.of("email", unique("user") + "@matrix.test", "password", TestServer.PASSWORD, "firstName", "Fresh",
                "orgRole", OrgRole.USER.code());
    }

    static String freshUser(Place place) {
        HttpResult created = place.manager().api().post("/organization/users", newUserBody());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().path("data").path("id").asText();
    }

    static String freshToken(Session owner) {
        HttpResult created = owner.api().post("/user/tokens", Map.of("name", unique("token")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("id");
    }

    /** An empty workspace in the scope; in the own workspace's scope its members hold what they hold there. */
    static String freshWorkspace(Scope scope) {
        String workspaceId = PlatformCalls.workspace(place(scope).manager().api(), unique("workspace"));
        if (scope == OWN_WORKSPACE) {
            grantOwnWorkspace(workspaceId);
        }
        return workspaceId;
    }

    static String freshAiLlm(Place place) {
        return PlatformCalls.aiLlm(place.manager().api(), place.workspaceId(), unique("llm"), "OPENAI", openai.endpoint(), KEY);
    }

    static String freshRepo(Place place) {
        return PlatformCalls.repo(place.manager().api(), place.workspaceId(), unique("repo"));
    }

    static String freshKey(Place place) {
        return PlatformCalls.repoKey(place.manager().api(), place.repoId(), unique("key")).text("id");
    }

    static String freshConversation(Place place) {
        HttpResult created = place.manager().api().post("/conversation", Map.of("repoId", place.repoId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("conversationId");
    }

    static String freshSharedKey(Place place) {
        HttpResult created = place.manager().api().post("/apikeys", Map.of("provider", "OPENAI", "secret", KEY,
                "endpoint", openai.endpoint(), "workspaceId", place.workspaceId()));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.text("apiKeyId");
    }

    /** An audit event the caller sees: its own latest sign-in. */
    static long ownEvent(Caller caller) {
        Session self = actor(caller).self();
        HttpResult events = self.api().post("/systemevent", Map.of("userId", self.userId(), "event", 102, "take", 1));
        assertThat(events.json().path("events").size()).as(events.toString()).isEqualTo(1);
        return events.json().path("events").get(0).path("id").asLong();
    }

    static String freshPolicy(Place place) {
        return PlatformCalls.policy(place.manager().api(), place.workspaceId(), null, unique("policy"), POLICY_TEXT, "LOW", 0);
    }

    /** The bystander's membership of the scope's workspace, made again first (a DELETE case removes it). */
    static String bystanderMembership(Scope scope) {
        Place place = place(scope);
        PlatformCalls.member(place.manager().api(), place.workspaceId(), place.bystander().userId(), "READ");
        return "/workspace/" + place.workspaceId() + "/users/" + place.bystander().userId();
    }

    /** A policy at the scope: the caller's own organization (no ids), organization A by id, or a workspace. */
    static Map<String, Object> policyBody(Scope scope) {
        Map<String, Object> body = new HashMap<>(Map.of("name", unique("policy"), "content", POLICY_TEXT, "riskType", "LOW",
                "actionType", 0));
        if (scope == OWN_ORG) {
            body.put("orgId", place(scope).orgId());
        } else if (scope != NONE) {
            body.put("workspaceId", place(scope).workspaceId());
        }
        return body;
    }

    /** Level 0 (the caller's organization, or A's by id) or 1 (a workspace). */
    static Map<String, Object> recommendBody(Scope scope) {
        Map<String, Object> body = new HashMap<>(Map.of("prompt", "A support team answering customers by e-mail."));
        body.put("level", scope == NONE || scope == OWN_ORG ? 0 : 1);
        if (scope == OWN_ORG) {
            body.put("uuid", place(scope).orgId());
        } else if (scope != NONE) {
            body.put("uuid", place(scope).workspaceId());
        }
        return body;
    }
}

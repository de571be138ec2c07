package io.gatehouse.platform.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.policy.OrgSettingsResource;
import io.gatehouse.platform.policy.OrgSettingsStore;
import io.gatehouse.store.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code /settings/user} and {@code /settings/organization}, in the vendor's shapes: {@code GET} → {@code {success,
 * settings}}; {@code POST {settings}} replaces the document; {@code PUT {key: value, …}} sets those top-level keys and
 * keeps the rest; {@code DELETE {keys: […]}} removes top-level keys. Every member reads and writes its own user
 * settings and reads its organization's; only organization owners and administrators change those. Organization
 * managers also see {@code policyJudge}, the policy judge's settings, read-only: they are changed, with their checks,
 * through {@code PUT /organization/{orgId}/settings}; a write may carry them back unchanged (a client that read,
 * changed and sent the whole document) but not changed.
 */
public final class SettingsResource implements ApiResource {
    static final String POLICY_JUDGE = "policyJudge";
    static final int MAX_DELETE_KEYS = 1000;

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;

    public SettingsResource(Jdbi jdbi, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whose document a path names. */
    private enum Owner {
        USER("user", AuditContext.USERSETTINGS), ORGANIZATION("organization", AuditContext.ORGSETTINGS);

        final String kind;
        final AuditContext context;

        Owner(String kind, AuditContext context) {
            this.kind = kind;
            this.context = context;
        }

        String id(Principal caller) {
            return this == USER ? caller.userId() : caller.orgId();
        }
    }

    @Override
    public void register(ApiRoutes routes) {
        for (Owner owner : Owner.values()) {
            String path = "/settings/" + owner.kind;
            routes.get(path, req -> get(req, owner));
            routes.post(path, req -> write(req, owner, "replaced", (current, body) -> replacement(body)));
            routes.put(path, req -> write(req, owner, "updated", SettingsResource::merged));
            routes.delete(path, req -> write(req, owner, "removed", SettingsResource::pruned));
        }
    }

    private Reply get(ApiRequest req, Owner owner) {
        Principal caller = req.principal();
        return jdbi.withHandle(h -> {
            ObjectNode settings = SettingsStore.load(h, owner.kind, owner.id(caller)).settings();
            judge(h, owner, caller).ifPresent(judge -> settings.set(POLICY_JUDGE, judge));
            return Reply.ok("settings", settings);
        });
    }

    /** The organization's judge as shown to its managers; nobody else sees it. */
    private static java.util.Optional<JsonNode> judge(Handle h, Owner owner, Principal caller) {
        if (owner != Owner.ORGANIZATION || !caller.managesOrganization()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Json.MAPPER.valueToTree(OrgSettingsResource.judgeView(OrgSettingsStore.load(h, caller.orgId()))));
    }

    /** One of the three writes: {@code change} makes the new document from the stored one and the request's body. */
    private Reply write(ApiRequest req, Owner owner, String done, BiFunction<ObjectNode, ObjectNode, ObjectNode> change) {
        Principal caller = req.principal();
        if (owner == Owner.ORGANIZATION) {
            Access.requireOrgManager(caller);
        }
        ObjectNode body = SettingsDocument.object(req.body(JsonNode.class), "The body");
        Instant now = Instant.now(clock);
        int changedKeys = SqlErrors.unique(() -> jdbi.inTransaction(h -> {
            SettingsStore.Stored stored = SettingsStore.load(h, owner.kind, owner.id(caller));
            ObjectNode next = change.apply(stored.settings().deepCopy(), body);
            // The judge is never stored in the document: only carried back unchanged, which is dropped here.
            if (owner == Owner.ORGANIZATION && next.has(POLICY_JUDGE)) {
                if (!judge(h, owner, caller).orElseThrow().equals(next.get(POLICY_JUDGE))) {
                    throw ApiException.badRequest(POLICY_JUDGE + " is read-only here; change the judge with PUT"
                            + " /organization/{orgId}/settings");
                }
                next.remove(POLICY_JUDGE);
            }
            SettingsDocument.check(next);
            Set<String> changed = changedKeys(stored.settings(), next);
            if (!SettingsStore.save(h, owner.kind, owner.id(caller), caller.orgId(), stored, next, caller.userId(), now)) {
                throw ApiException.conflict("The settings were changed at the same time; send the change again");
            }
            audit.record(h, AuditLog.by(caller, null, owner.context, owner.id(caller), AuditAction.UPDATED,
                    Map.of("mode", done, "keys", List.copyOf(changed))));
            return changed.size();
        }), () -> ApiException.conflict("The settings were changed at the same time; send the change again"));
        return Reply.ok("message", "Settings " + done + " (" + changedKeys + " key" + (changedKeys == 1 ? "" : "s") + " changed)");
    }

    /** POST: {@code {settings: {…}}} and nothing else. */
    private static ObjectNode replacement(ObjectNode body) {
        List<String> others = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("settings")) {
                others.add(name);
            }
        });
        if (!others.isEmpty()) {
            throw ApiException.badRequest("The body is {\"settings\": {…}}; unexpected " + others
                    + " (PUT sets single keys)");
        }
        return SettingsDocument.object(body.get("settings"), "settings").deepCopy();
    }

    /** PUT: each top-level key of the body replaces the stored one. */
    private static ObjectNode merged(ObjectNode current, ObjectNode body) {
        if (body.isEmpty()) {
            throw ApiException.badRequest("Give at least one key to set");
        }
        current.setAll(body);
        return current;
    }

    /** DELETE: {@code {keys: ["…", …]}} removes those top-level keys; ones not there are no error. */
    private static ObjectNode pruned(ObjectNode current, ObjectNode body) {
        JsonNode keys = body.get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty() || body.size() != 1) {
            throw ApiException.badRequest("The body is {\"keys\": [\"…\"]}: a non-empty array of key names");
        }
        if (keys.size() > MAX_DELETE_KEYS) {
            throw ApiException.invalid("At most " + MAX_DELETE_KEYS + " keys at once");
        }
        for (JsonNode key : keys) {
            if (!key.isTextual()) {
                throw ApiException.badRequest("Field 'keys' must be an array of strings");
            }
            current.remove(key.asText());
        }
        return current;
    }

    /** The top-level keys whose value differs (added, changed or removed), for the answer and the audit log. */
    private static Set<String> changedKeys(ObjectNode before, ObjectNode after) {
        Set<String> changed = new LinkedHashSet<>();
        after.fields().forEachRemaining(e -> {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        });
        before.fieldNames().forEachRemaining(name -> {
            if (!after.has(name)) {
                changed.add(name);
            }
        });
        return changed;
    }
}

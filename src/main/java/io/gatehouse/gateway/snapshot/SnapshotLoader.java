package io.gatehouse.gateway.snapshot;

import io.gatehouse.crypto.Secret;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.model.AiLlm;
import io.gatehouse.limit.LimitedScopes;
import io.gatehouse.model.AiType;
import io.gatehouse.model.KeyLimits;
import io.gatehouse.model.RepoKey;
import io.gatehouse.model.Repo;
import io.gatehouse.policy.PolicyLoader;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.route.Endpoint;
import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Upstream;
import io.gatehouse.provider.Credentials;
import io.gatehouse.provider.Providers;
import io.gatehouse.store.ChangeFeed;
import io.gatehouse.store.SealedColumns;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link GatewaySnapshot} from the store in one transaction (blocking: call it off the event loop). Provider
 * secrets (and key ids, which AWS signs with) are opened here, once per sealed value: a secret whose ciphertext did not
 * change since the last build is not opened again. A configuration whose secret
 * does not open (logged without the secret; the others keep working). Policies and organization settings are read in
 * the same transaction ({@link PolicyLoader}).
 */
public final class SnapshotLoader {
    private static final Logger log = LoggerFactory.getLogger(SnapshotLoader.class);

    private final Jdbi jdbi;
    private final SecretBox box;
    private final PolicyLoader policies = new PolicyLoader();
    /** Opened credentials by configuration id, with the ciphertext they came from. Used by one thread at a time. */
    private Map<String, Opened> opened = new HashMap<>();

    /** The secret and, where the configuration has one, the key id (AWS signs with both). */
    private record Opened(String sealed, Secret secret, String keySealed, String keyId, String sessionTokenSealed,
                          Secret sessionToken) {
    }

    public SnapshotLoader(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    public long version() {
        return ChangeFeed.version(jdbi);
    }

    public synchronized GatewaySnapshot load() {
        return jdbi.inTransaction(h -> {
            long version = ChangeFeed.version(jdbi);
            Map<String, List<ModelEntry>> catalogs = SnapshotQueries.catalogs(h);
            Map<String, Opened> nextOpened = new HashMap<>();
            Map<String, Upstream> upstreams = new HashMap<>();
            for (AiLlm c : SnapshotQueries.configurations(h)) {
                if (Providers.find(c.aiType()).isEmpty()) {
                    continue;
                }
                Opened credentials = credentials(c);
                if (credentials == null) {
                    continue;
                }
                nextOpened.put(c.id(), credentials);
                Map<String, ModelEntry> catalog = new LinkedHashMap<>();
                for (ModelEntry m : catalogs.getOrDefault(c.id(), List.of())) {
                    catalog.put(m.id(), m);
                }
                upstreams.put(c.id(), new Upstream(c.id(), c.orgId(), c.workspaceId(), c.name(), c.aiType(),
                        Endpoint.parse(c.endpoint()), new Credentials(credentials.keyId(), credentials.secret(),
                        credentials.sessionToken(), c.roleArn(), c.externalId()), c.validationStatus(), catalog,
                        c.prices()));
            }
            opened = nextOpened;
            Map<String, List<String>> attachments = SnapshotQueries.attachments(h);
            Map<String, RepoRoutes> repos = new HashMap<>();
            for (Repo r : SnapshotQueries.repos(h)) {
                List<Upstream> attached = new ArrayList<>();
                for (String id : attachments.getOrDefault(r.id(), List.of())) {
                    Upstream u = upstreams.get(id);
                    if (u != null) {
                        attached.add(u);
                    }
                }
                repos.put(r.id(), new RepoRoutes(r.id(), r.orgId(), r.workspaceId(), r.name(), r.disabled(), attached));
            }
            Map<String, KeyLimits> repoLimits = SnapshotQueries.limits(h, "repo");
            Map<String, KeyLimits> workspaceLimits = SnapshotQueries.limits(h, "workspace");
            Map<String, KeyEntry> keys = new HashMap<>();
            for (RepoKey k : SnapshotQueries.liveKeys(h)) {
                RepoRoutes repo = repos.get(k.repoId());
                if (repo != null) {
                    keys.put(k.keyHash(), new KeyEntry(k.id(), k.name(), repo,
                            k.expiresAt() == null ? Long.MAX_VALUE : k.expiresAt().toEpochMilli(),
                            k.allowedModels() == null ? null : Set.copyOf(k.allowedModels()),
                            k.aiType() == null ? null : AiType.valueOf(k.aiType()),
                            LimitedScopes.of(k.id(), k.limits(), repo.id(), repoLimits.get(repo.id()),
                                    repo.workspaceId(), workspaceLimits.get(repo.workspaceId()))));
                }
            }
            return new GatewaySnapshot(version, Map.copyOf(keys), Map.copyOf(upstreams),
                    policies.load(h, upstreams, repos.values()));
        });
    }

    private Opened credentials(AiLlm c) {
        if (c.secretSealed() == null) {
            return new Opened(null, null, null, null, null, null);
        }
        Opened known = opened.get(c.id());
        if (known != null && c.secretSealed().equals(known.sealed()) && Objects.equals(c.keySealed(), known.keySealed())
                && Objects.equals(c.sessionTokenSealed(), known.sessionTokenSealed())) {
            return known;
        }
        try {
            String keyId = c.keySealed() == null ? null
                    : box.open(c.keySealed(), SealedColumns.AI_LLM_KEY.context(c.id())).reveal();
            Secret sessionToken = c.sessionTokenSealed() == null ? null
                    : box.open(c.sessionTokenSealed(), SealedColumns.AI_LLM_SESSION_TOKEN.context(c.id()));
            return new Opened(c.secretSealed(), box.open(c.secretSealed(), SealedColumns.AI_LLM_SECRET.context(c.id())),
                    c.keySealed(), keyId, c.sessionTokenSealed(), sessionToken);
        } catch (RuntimeException e) {
            log.error("The secret of AI LLM configuration {} ({}) does not open; it is not routed to: {}", c.id(), c.name(),
                    e.getMessage());
            return null;
        }
    }
}

package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits that apply to one repo key's requests — its own, its repository's and its workspace's — built once with
 * the gateway's snapshot, so the request path reads them from memory. Scopes without any limit are left out;
 * {@link #NONE} when no scope has one (the limits stage then does nothing).
 */
public record LimitedScopes(List<Limited> scopes) {
    public static final LimitedScopes NONE = new LimitedScopes(List.of());

    /** The limits of one scope, owned by {@code ownerId} (a key, repository or workspace id). */
    public record Limited(Scope scope, String ownerId, KeyLimits limits) {
    }

    public LimitedScopes {
        scopes = List.copyOf(scopes);
    }

    /** The scopes of a key, its repository and its workspace that set any limit. */
    public static LimitedScopes of(String keyId, KeyLimits key, String repoId, KeyLimits repo, String workspaceId,
                                   KeyLimits workspace) {
        List<Limited> limited = new ArrayList<>(3);
        add(limited, Scope.KEY, keyId, key);
        add(limited, Scope.REPO, repoId, repo);
        add(limited, Scope.WORKSPACE, workspaceId, workspace);
        return limited.isEmpty() ? NONE : new LimitedScopes(limited);
    }

    private static void add(List<Limited> limited, Scope scope, String ownerId, KeyLimits limits) {
        if (limits != null && !limits.setsNothing()) {
            limited.add(new Limited(scope, ownerId, limits));
        }
    }

    public boolean isEmpty() {
        return scopes.isEmpty();
    }

    /** Whether any scope sets a limit in {@code measure}: only then is the request's size (or cost) estimated. */
    public boolean counts(Dimension.Measure measure) {
        for (Limited l : scopes) {
            for (Dimension d : Dimension.values()) {
                if (d.measure() == measure && d.limitIn(l.limits()) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}

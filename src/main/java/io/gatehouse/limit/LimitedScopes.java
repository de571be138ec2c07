package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits that apply to one repo key's requests — its own, its repository's and its workspace's — built once with
 * the gateway's snapshot, so the request path reads them from memory: every limit set, as a {@link CounterSpec}, in
 * scope order (key, repository, workspace) and dimension order. Scopes without any limit are left out;
 * {@link #NONE} when no scope has one (the limits stage then does nothing).
 */
public final class LimitedScopes {
    public static final LimitedScopes NONE = new LimitedScopes(List.of());

    /** The limits of one scope, owned by {@code ownerId} (a key, repository or workspace id). */
    public record Limited(Scope scope, String ownerId, KeyLimits limits) {
    }

    private final List<Limited> scopes;
    private final CounterSpec[] specs;
    private final boolean[] measured = new boolean[Dimension.Measure.values().length];

    private LimitedScopes(List<Limited> scopes) {
        this.scopes = List.copyOf(scopes);
        List<CounterSpec> specs = new ArrayList<>();
        for (Limited l : this.scopes) {
            for (Dimension d : Dimension.values()) {
                Long limit = d.limitIn(l.limits());
                if (limit != null) {
                    specs.add(new CounterSpec(l.scope(), l.ownerId(), d, limit));
                    measured[d.measure().ordinal()] = true;
                }
            }
        }
        this.specs = specs.toArray(CounterSpec[]::new);
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

    public List<Limited> scopes() {
        return scopes;
    }

    /** Every limit set, in the order a request's counters are listed (shared, not copied: read only). */
    CounterSpec[] specs() {
        return specs;
    }

    public boolean isEmpty() {
        return scopes.isEmpty();
    }

    /** Whether any scope sets a limit in {@code measure}: only then is the request's size (or cost) estimated. */
    public boolean counts(Dimension.Measure measure) {
        return measured[measure.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LimitedScopes other && scopes.equals(other.scopes);
    }

    @Override
    public int hashCode() {
        return scopes.hashCode();
    }

    @Override
    public String toString() {
        return "LimitedScopes" + scopes;
    }
}

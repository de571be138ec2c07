package io.gatehouse.console;

import io.gatehouse.platform.user.SessionService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Renews each console session's tokens once, however many of its requests arrive together. A refresh token works
 * once: presenting it again is taken for theft and ends every session of the user. A page's charts or a burst of
 * htmx requests all carry the same cookie, so the first renewal is shared with the others, and with late requests
 * still carrying the old cookie, for {@link #REMEMBERED}.
 */
final class Renewals {
    static final Duration REMEMBERED = Duration.ofMinutes(2);

    private record Renewal(Instant at, CompletableFuture<SessionService.Session> result) {
    }

    private final Map<String, Renewal> byRefreshToken = new ConcurrentHashMap<>();
    private final Clock clock;

    Renewals(Clock clock) {
        this.clock = clock;
    }

    /** The renewed session for this refresh token: renewed now by {@code refresh}, or the renewal already made. */
    SessionService.Session renew(String refreshToken, Supplier<SessionService.Session> refresh) {
        Instant now = clock.instant();
        byRefreshToken.values().removeIf(r -> r.at().plus(REMEMBERED).isBefore(now));
        CompletableFuture<SessionService.Session> mine = new CompletableFuture<>();
        Renewal existing = byRefreshToken.putIfAbsent(refreshToken, new Renewal(now, mine));
        if (existing != null) {
            try {
                return existing.result().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            SessionService.Session renewed = refresh.get();
            mine.complete(renewed);
            return renewed;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }
}

package io.gatehouse.console;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.platform.user.SessionService;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Renews each console session's tokens once, however many of its requests arrive together. A refresh token works
 * once: presenting it again is taken for theft and ends every session of the user. A page's charts or a burst of
 * htmx requests all carry the same cookie, so the first renewal is shared with the others, and with late requests
 * still carrying the old cookie, for {@link #REMEMBERED}.
 */
final class Renewals {
    static final Duration REMEMBERED = Duration.ofMinutes(2);

    /** Renewals by refresh token, forgotten {@link #REMEMBERED} after they started (on {@code clock}'s time). */
    private final Map<String, CompletableFuture<SessionService.Session>> byRefreshToken;

    Renewals(Clock clock) {
        this.byRefreshToken = Caffeine.newBuilder()
                .expireAfterWrite(REMEMBERED)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .<String, CompletableFuture<SessionService.Session>>build()
                .asMap();
    }

    /** The renewed session for this refresh token: renewed now by {@code refresh}, or the renewal already made. */
    SessionService.Session renew(String refreshToken, Supplier<SessionService.Session> refresh) {
        CompletableFuture<SessionService.Session> mine = new CompletableFuture<>();
        CompletableFuture<SessionService.Session> existing = byRefreshToken.putIfAbsent(refreshToken, mine);
        if (existing != null) {
            try {
                return existing.join();
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

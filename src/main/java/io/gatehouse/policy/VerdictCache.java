package io.gatehouse.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.policy.judge.JudgeAnswer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The judge's answers by (policy set fingerprint, direction, SHA-256 of the text): the same prompt under the same
 * rules is judged once. Past {@code capacity}, Caffeine evicts the entries least likely to be asked again (by
 * frequency and recency, in constant time); the text itself is not kept. Shared by the event loops without a lock.
 */
final class VerdictCache {
    /** Null when the cache is off (size 0): Caffeine would briefly hold entries even at a maximum size of 0. */
    private final Cache<String, JudgeAnswer> entries;

    VerdictCache(int capacity) {
        this.entries = capacity == 0 ? null : Caffeine.newBuilder().maximumSize(capacity).build();
    }

    static String key(String fingerprint, Direction direction, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return fingerprint + ':' + direction.name() + ':' + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    JudgeAnswer get(String key) {
        return entries == null ? null : entries.getIfPresent(key);
    }

    void put(String key, JudgeAnswer answer) {
        if (entries != null) {
            entries.put(key, answer);
        }
    }
}

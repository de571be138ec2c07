package io.gatehouse.policy;

import io.gatehouse.policy.judge.Direction;
import io.gatehouse.policy.judge.JudgeAnswer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The judge's answers by (policy set fingerprint, direction, SHA-256 of the text): the same prompt under the same
 * rules is judged once. Least recently used entries go first once {@code capacity} is reached; the text itself is not
 * kept. Shared by the event loops; each operation holds the lock for a map access only.
 */
final class VerdictCache {
    private final int capacity;
    private final Map<String, JudgeAnswer> entries;

    VerdictCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JudgeAnswer> eldest) {
                return size() > VerdictCache.this.capacity;
            }
        };
    }

    static String key(String fingerprint, Direction direction, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return fingerprint + ':' + direction.name() + ':' + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized JudgeAnswer get(String key) {
        return capacity == 0 ? null : entries.get(key);
    }

    synchronized void put(String key, JudgeAnswer answer) {
        if (capacity > 0) {
            entries.put(key, answer);
        }
    }
}

package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** The wire fixtures in {@code src/test/resources/wire}: example exchanges per provider and their translations. */
public final class Fixtures {
    /** The clock the {@code cross/} fixtures assume ({@code created: 1764150000}). */
    public static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1764150000L), ZoneOffset.UTC);

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        return ProviderJson.read(bytes(name));
    }

    public static JsonNode json(byte[] body) {
        return ProviderJson.read(body);
    }

    /** An id generator that hands out the given ids in order (and fails when it runs out). */
    public static IdGenerator ids(String... ids) {
        Deque<String> queue = new ArrayDeque<>(Arrays.asList(ids));
        return prefix -> {
            String id = queue.poll();
            if (id == null) {
                throw new IllegalStateException("no more fixed ids");
            }
            return id;
        };
    }

    /** Feeds {@code input} to the translator whole, then finishes, returning everything the client would get. */
    public static String runWhole(StreamTranslator translator, byte[] input) {
        return new String(concat(translator.feed(input), translator.finish()), StandardCharsets.UTF_8);
    }

    /** Feeds {@code input} one byte per read. */
    public static String runBytewise(StreamTranslator translator, byte[] input) {
        StringBuilder out = new StringBuilder();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            bytes.writeBytes(translator.feed(input, i, 1));
        }
        bytes.writeBytes(translator.finish());
        out.append(bytes.toString(StandardCharsets.UTF_8));
        return out.toString();
    }

    public static byte[] crlf(byte[] input) {
        return new String(input, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a relay needs from an OpenAI {@code chat.completion.chunk} it forwards as it is: whether it is an error
 * payload, whether some choice finished, whether its choices are empty, its usage and where the usage member lies.
 * Found in one pass over the bytes that allocates nothing and checks the JSON structure on the way (a chunk that is
 * not one well-formed object is refused, as a parser would refuse it); only a usage object is read with Jackson.
 * Every chunk of every relayed stream comes through here, and a Jackson parser costs about 1 KB of objects per chunk.
 * Member names are compared as bytes: a name written with escapes (legal, never seen from a provider) is not
 * recognised.
 */
final class OpenAiChunkEnvelope {
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final int MAX_DEPTH = 128;

    boolean error;
    boolean anyChoiceFinished;
    boolean emptyChoices;
    Usage usage;
    /** Where the {@code usage} member's name starts (its opening quote) and its value ends, or -1 without one. */
    int usageNameStart;
    int usageValueEnd;

    private byte[] json;
    private int length;
    private int pos;

    /** Scans the chunk {@code data[0, length)}. */
    void read(byte[] data, int length) {
        json = data;
        this.length = length;
        pos = 0;
        error = anyChoiceFinished = emptyChoices = false;
        usage = null;
        usageNameStart = usageValueEnd = -1;
        expect('{');
        if (!consume('}')) {
            do {
                skipSpace();
                int nameStart = pos;
                int nameEnd = string();
                expect(':');
                if (named(nameStart, nameEnd, USAGE)) {
                    usageNameStart = nameStart;
                    usage();
                    usageValueEnd = pos;
                } else if (named(nameStart, nameEnd, ERROR)) {
                    error = peek() == '{';
                    value(1);
                } else if (named(nameStart, nameEnd, CHOICES)) {
                    choices();
                } else {
                    value(1);
                }
            } while (consume(','));
            expect('}');
        }
        skipSpace();
        if (pos != length) {
            throw malformed();
        }
    }

    private void choices() {
        if (peek() != '[') {
            value(1);
            return;
        }
        pos++;
        if (consume(']')) {
            emptyChoices = true;
            return;
        }
        do {
            choice();
        } while (consume(','));
        expect(']');
    }

    private void choice() {
        if (peek() != '{') {
            value(2);
            return;
        }
        pos++;
        if (consume('}')) {
            return;
        }
        do {
            skipSpace();
            int nameStart = pos;
            int nameEnd = string();
            expect(':');
            if (named(nameStart, nameEnd, FINISH_REASON)) {
                byte first = peek();
                anyChoiceFinished |= first != 'n' && first != '{' && first != '[';
            }
            value(3);
        } while (consume(','));
        expect('}');
    }

    private void usage() {
        if (peek() != '{') {
            value(1);
            return;
        }
        int start = pos;
        value(1);
        try (JsonParser parser = ProviderJson.parser(json, start, pos - start)) {
            parser.nextToken();
            usage = OpenAiUsage.read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips one value, checking its structure. */
    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed();
        }
        switch (peek()) {
            case '{' -> {
                pos++;
                if (consume('}')) {
                    return;
                }
                do {
                    string();
                    expect(':');
                    value(depth + 1);
                } while (consume(','));
                expect('}');
            }
            case '[' -> {
                pos++;
                if (consume(']')) {
                    return;
                }
                do {
                    value(depth + 1);
                } while (consume(','));
                expect(']');
            }
            case '"' -> string();
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> number();
        }
    }

    /** Skips a string starting at the next non-space byte; returns the position after its closing quote. */
    private int string() {
        expect('"');
        while (pos < length) {
            byte b = json[pos++];
            if (b == '"') {
                return pos;
            }
            if (b == '\\') {
                escape();
            } else if ((b & 0xff) < 0x20) {
                throw malformed();
            }
        }
        throw malformed();
    }

    /** The rest of an escape after its backslash: one of {@code "\\/bfnrt}, or {@code u} and four hex digits. */
    private void escape() {
        if (pos >= length) {
            throw malformed();
        }
        switch (json[pos++]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int i = 0; i < 4; i++) {
                    if (pos >= length || Character.digit(json[pos++], 16) < 0) {
                        throw malformed();
                    }
                }
            }
            default -> throw malformed();
        }
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void number() {
        if (at('-')) {
            pos++;
        }
        if (at('0')) {
            pos++;
        } else {
            digits();
        }
        if (at('.')) {
            pos++;
            digits();
        }
        if (at('e') || at('E')) {
            pos++;
            if (at('+') || at('-')) {
                pos++;
            }
            digits();
        }
    }

    private void digits() {
        int start = pos;
        while (pos < length && json[pos] >= '0' && json[pos] <= '9') {
            pos++;
        }
        if (pos == start) {
            throw malformed();
        }
    }

    private boolean at(char c) {
        return pos < length && json[pos] == c;
    }

    private void literal(byte[] word) {
        if (length - pos < word.length) {
            throw malformed();
        }
        for (byte b : word) {
            if (json[pos++] != b) {
                throw malformed();
            }
        }
    }

    private boolean named(int nameStart, int nameEnd, byte[] name) {
        int nameLength = nameEnd - nameStart - 2;
        if (nameLength != name.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (json[nameStart + 1 + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next non-space byte, not consumed. */
    private byte peek() {
        skipSpace();
        if (pos >= length) {
            throw malformed();
        }
        return json[pos];
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw malformed();
        }
    }

    private void skipSpace() {
        while (pos < length) {
            byte b = json[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private IllegalStateException malformed() {
        return new IllegalStateException("not a well-formed chunk object at byte " + pos);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

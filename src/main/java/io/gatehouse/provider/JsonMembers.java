package io.gatehouse.provider;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.core.exc.StreamReadException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of one JSON object, found with a streaming parser without building a tree: for each, its value's
 * kind, byte range and (for strings) text. Used to peek at clients' request bodies and to edit them with
 * {@link JsonSplice} while every other byte stays as sent. The whole body is read (nested values are skipped token
 * by token), so a key repeated in any object of it is refused here ({@link ProviderJson#CLIENT_BODIES}).
 */
public final class JsonMembers {

    /** One member: {@code nameStart} is its opening quote, {@code [valueStart, valueEnd)} its value. */
    public record Member(String name, int nameStart, int valueStart, int valueEnd, JsonToken kind, String text) {
    }

    private final byte[] source;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private int closingBrace;

    private JsonMembers(byte[] source) {
        this.source = source;
    }

    /** Scans a whole body, which must be exactly one JSON object. */
    public static JsonMembers of(byte[] body) {
        return of(body, 0, body.length);
    }

    /** Scans the object at {@code source[from, to)}; offsets in the result are absolute. */
    public static JsonMembers of(byte[] source, int from, int to) {
        JsonMembers result = new JsonMembers(source);
        try (JsonParser parser = ProviderJson.CLIENT_BODIES.createParser(source, from, to - from)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TranslationException("The request body must be a JSON object.", null);
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameStart = from + (int) parser.currentTokenLocation().getByteOffset();
                JsonToken kind = parser.nextToken();
                int valueStart = from + (int) parser.currentTokenLocation().getByteOffset();
                String text = kind == JsonToken.VALUE_STRING ? parser.getText() : null;
                parser.skipChildren();
                int valueEnd = from + (int) parser.currentLocation().getByteOffset();
                result.members.put(name, new Member(name, nameStart, valueStart, valueEnd, kind, text));
            }
            if (token != JsonToken.END_OBJECT) {
                throw new TranslationException("The request body is not a well-formed JSON object.", null);
            }
            result.closingBrace = from + (int) parser.currentTokenLocation().getByteOffset();
            if (parser.nextToken() != null) {
                throw new TranslationException("The request body has content after its JSON object.", null);
            }
        } catch (IOException e) {
            throw new TranslationException(unreadable(e), null);
        }
        return result;
    }

    private static String unreadable(IOException e) {
        if (e instanceof StreamReadException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate field")) {
            JsonLocation at = read.getLocation();
            return "The request body repeats a key within one object: " + read.getOriginalMessage() + " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ". Each key may appear only once.";
        }
        return "The body is not valid JSON: " + e.getMessage();
    }

    /** The member, or {@code null}. */
    public Member get(String name) {
        return members.get(name);
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** The offset of the object's {@code '}'}: where a new last member goes. */
    public int closingBrace() {
        return closingBrace;
    }

    /** Whether the member is present and {@code true}. */
    public boolean isTrue(String name) {
        Member member = members.get(name);
        return member != null && member.kind() == JsonToken.VALUE_TRUE;
    }

    /** The string value of a member that must be a string when present (e.g. {@code model}). */
    public String string(String name) {
        Member member = members.get(name);
        if (member == null) {
            return null;
        }
        if (member.kind() != JsonToken.VALUE_STRING) {
            throw new TranslationException("'" + name + "' must be a string.", name);
        }
        return member.text();
    }

    /** A member's value as a tree, parsing only its bytes; a missing node when it is absent. */
    public JsonNode tree(String name) {
        Member member = members.get(name);
        return member == null ? MissingNode.getInstance()
                : ProviderJson.read(source, member.valueStart(), member.valueEnd() - member.valueStart());
    }

    /** The members of a member that is an object (scanning only its bytes), or {@code null} when it is absent or no object. */
    public JsonMembers object(String name) {
        Member member = members.get(name);
        return member == null || member.kind() != JsonToken.START_OBJECT ? null
                : of(source, member.valueStart(), member.valueEnd());
    }

    /** Replaces a string member's value in {@code splice} when it differs from {@code value}. */
    public void replaceString(JsonSplice splice, String name, String value) {
        Member member = members.get(name);
        if (value != null && member != null && !value.equals(string(name))) {
            splice.replace(member.valueStart(), member.valueEnd(), JsonOut.quoted(value));
        }
    }
}

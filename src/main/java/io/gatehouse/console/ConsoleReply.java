package io.gatehouse.console;

import io.gatehouse.platform.Json;

import java.util.function.UnaryOperator;

/**
 * What a console handler answers: a page, a fragment for htmx, JSON for a chart, or a redirect; and, rarely, a change
 * to the session to store with it ({@code sessionChange}, null: none).
 */
public record ConsoleReply(int status, String contentType, String body, String location, ConsoleSession.Flash flash,
                           UnaryOperator<ConsoleSession> sessionChange) {
    static final String HTML = "text/html; charset=utf-8";

    public static ConsoleReply html(String body) {
        return new ConsoleReply(200, HTML, body, null, null, null);
    }

    public static ConsoleReply html(int status, String body) {
        return new ConsoleReply(status, HTML, body, null, null, null);
    }

    public static ConsoleReply json(Object value) {
        return new ConsoleReply(200, "application/json; charset=utf-8", Json.write(value), null, null, null);
    }

    /** After a form post: 303 so the browser fetches the next page with GET (reloading it posts nothing). */
    public static ConsoleReply redirect(String location) {
        return new ConsoleReply(303, null, "", location, null, null);
    }

    /** Back to a page with a notice or an error shown on it (carried by the session cookie, not the URL). */
    public static ConsoleReply redirect(String location, boolean ok, String message) {
        return new ConsoleReply(303, null, "", location, new ConsoleSession.Flash(ok, message), null);
    }

    /** This answer, storing the session as {@code change} makes it. */
    public ConsoleReply changingSession(UnaryOperator<ConsoleSession> change) {
        return new ConsoleReply(status, contentType, body, location, flash, change);
    }

    /** The answer of an action: back to {@code location} with the API's message, good or bad. */
    public static ConsoleReply after(PlatformClient.Answer answer, String location, String success) {
        return answer.ok() ? redirect(location, true, success) : redirect(location, false, answer.message());
    }
}

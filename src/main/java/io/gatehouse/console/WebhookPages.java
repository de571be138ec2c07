package io.gatehouse.console;

import io.gatehouse.console.view.OrgSettings;
import io.gatehouse.crypto.Tokens;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.gatehouse.console.PlatformClient.enc;
import static io.gatehouse.console.PlatformClient.fields;

/**
 * The organization's alert webhooks, on the policies page for organization managers: add one (the console makes its
 * signing secret and shows it once), give one a new secret (shown once) or a new address, remove one. The API takes
 * the whole list on every change; a webhook sent with its id keeps its secret unless a new one is sent.
 */
final class WebhookPages {
    void register(ConsoleRoutes routes) {
        routes.action("/ui/w/:ws/webhooks", this::add);
        routes.action("/ui/w/:ws/webhooks/:id/secret", this::newSecret);
        routes.action("/ui/w/:ws/webhooks/:id/url", this::newUrl);
        routes.action("/ui/w/:ws/webhooks/:id/delete", this::remove);
    }

    /** htmx: adds a webhook with a new signing secret, answered with the secret (this once) and the list. */
    private ConsoleReply add(ConsoleCall call) {
        String secret = newSigningSecret();
        String url = call.form("url");
        return changed(call, hooks -> {
            hooks.add(entry(null, url, secret));
            return hooks;
        }, secret, "Webhook added for " + url + ".");
    }

    /** htmx: a new signing secret for one webhook, shown this once. */
    private ConsoleReply newSecret(ConsoleCall call) {
        String secret = newSigningSecret();
        String id = call.path("id");
        return changed(call, hooks -> {
            hooks.replaceAll(h -> id.equals(h.get("id")) ? entry(id, (String) h.get("url"), secret) : h);
            return hooks;
        }, secret, "New signing secret for the webhook.");
    }

    private ConsoleReply newUrl(ConsoleCall call) {
        String id = call.path("id");
        return after(call, put(call, hooks -> {
            hooks.replaceAll(h -> id.equals(h.get("id")) ? entry(id, call.form("url"), null) : h);
            return hooks;
        }), "Webhook address changed.");
    }

    private ConsoleReply remove(ConsoleCall call) {
        String id = call.path("id");
        return after(call, put(call, hooks -> {
            hooks.removeIf(h -> id.equals(h.get("id")));
            return hooks;
        }), "Webhook removed.");
    }

    private ConsoleReply changed(ConsoleCall call, Function<List<Map<String, Object>>, List<Map<String, Object>>> change,
                                 String secret, String done) {
        var answer = put(call, change);
        Frame frame = call.frame("policies");
        return call.fragment("webhook-secret", "frame", frame, "secret", answer.ok() ? secret : null,
                "message", answer.ok() ? done : answer.message(),
                "webhooks", answer.ok() ? answer.field("settings", OrgSettings.class).webhooks() : List.of());
    }

    /** Sends the whole list as {@code change} makes it from the current one (each kept webhook by its id). */
    private static PlatformClient.Answer put(ConsoleCall call, Function<List<Map<String, Object>>, List<Map<String, Object>>> change) {
        String path = "/organization/" + enc(call.session().orgId()) + "/settings";
        List<Map<String, Object>> hooks = new ArrayList<>();
        for (OrgSettings.Webhook w : call.api().read(path).field("settings", OrgSettings.class).webhooks()) {
            hooks.add(entry(w.id(), w.url(), null));
        }
        return call.api().put(path, fields("webhooks", change.apply(hooks)));
    }

    private static Map<String, Object> entry(String id, String url, String secret) {
        Map<String, Object> hook = new LinkedHashMap<>();
        if (id != null) {
            hook.put("id", id);
        }
        hook.put("url", url);
        if (secret != null) {
            hook.put("secret", secret);
        }
        return hook;
    }

    private static ConsoleReply after(ConsoleCall call, PlatformClient.Answer answer, String done) {
        return ConsoleReply.after(answer, "/ui/w/" + call.path("ws") + "/policies#webhooks", done);
    }

    /** 32 random bytes, URL-safe: what the receiver checks each delivery's HMAC signature with. */
    private static String newSigningSecret() {
        return "whsec_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.randomBytes(32));
    }
}

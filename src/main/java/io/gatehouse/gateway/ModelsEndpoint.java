package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.ModelRouter;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.JsonOut;
import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.util.List;

/**
 * The models the key's repository reaches, in each ingress's list shape: {@code GET /v1/models} (OpenAI's,
 * {@code owned_by} the configuration's name), {@code GET /anthropic/v1/models[/{id}]} (Anthropic's, paged with
 * {@code limit}, {@code before_id} and {@code after_id}) and {@code GET /v1beta/models[/{model}]} (Gemini's, the
 * methods each model serves in {@code supportedGenerationMethods}). Configurations without a catalog add nothing here:
 * send {@code <name>/<model>} to them.
 */
final class ModelsEndpoint {
    private static final int ANTHROPIC_DEFAULT_LIMIT = 20;
    private static final int ANTHROPIC_MAX_LIMIT = 1000;

    private ModelsEndpoint() {
    }

    static void answer(Exchange ex) {
        List<ModelRouter.Reachable> models = ModelRouter.reachable(ex.key, ModelRouter.Purpose.ANY).stream()
                .filter(r -> r.model() != null).toList();
        switch (ex.api) {
            case ANTHROPIC_MODELS -> anthropic(ex, models);
            case GEMINI_MODELS -> gemini(ex, models);
            default -> openAi(ex, models);
        }
    }

    private static void openAi(Exchange ex, List<ModelRouter.Reachable> models) {
        JsonOut out = new JsonOut(1024);
        out.raw("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < models.size(); i++) {
            ModelRouter.Reachable r = models.get(i);
            out.raw(i == 0 ? "" : ",").raw("{\"id\":").string(r.name())
                    .raw(",\"object\":\"model\",\"created\":").number(r.model().created())
                    .raw(",\"owned_by\":").string(r.upstream().name()).raw("}");
        }
        out.raw("]}");
        ex.answer(200, Buffer.buffer(out.take()));
    }

    private static void anthropic(Exchange ex, List<ModelRouter.Reachable> models) {
        if (ex.pathModel != null) {
            ModelRouter.Reachable one = find(models, ex.pathModel);
            if (one == null) {
                notFound(ex);
            } else {
                ex.answer(200, Buffer.buffer(anthropicModel(new JsonOut(256), one).take()));
            }
            return;
        }
        int limit;
        try {
            String asked = ex.request.getParam("limit");
            limit = asked == null ? ANTHROPIC_DEFAULT_LIMIT : Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > ANTHROPIC_MAX_LIMIT) {
            ex.fail(GatewayError.invalidRequest("'limit' must be a whole number from 1 to " + ANTHROPIC_MAX_LIMIT + ".",
                    "limit"), "client_error");
            return;
        }
        String before = ex.request.getParam("before_id");
        String after = ex.request.getParam("after_id");
        int from = 0;
        int to = models.size();
        if (after != null) {
            from = indexOf(models, after) + 1;
            to = Math.min(models.size(), from + limit);
        } else if (before != null) {
            to = Math.max(0, indexOf(models, before));
            from = Math.max(0, to - limit);
        } else {
            to = Math.min(models.size(), limit);
        }
        List<ModelRouter.Reachable> page = from >= to ? List.of() : models.subList(from, to);
        JsonOut out = new JsonOut(1024).raw("{\"data\":[");
        for (int i = 0; i < page.size(); i++) {
            anthropicModel(out.raw(i == 0 ? "" : ","), page.get(i));
        }
        boolean more = before != null ? from > 0 : to < models.size();
        out.raw("],\"has_more\":").raw(Boolean.toString(more))
                .raw(",\"first_id\":").string(page.isEmpty() ? null : page.getFirst().name())
                .raw(",\"last_id\":").string(page.isEmpty() ? null : page.getLast().name()).raw("}");
        ex.answer(200, Buffer.buffer(out.take()));
    }

    /** Where a page's cursor id is; an id the list does not hold starts (or ends) the list. */
    private static int indexOf(List<ModelRouter.Reachable> models, String id) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).name().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonOut anthropicModel(JsonOut out, ModelRouter.Reachable r) {
        return out.raw("{\"type\":\"model\",\"id\":").string(r.name())
                .raw(",\"display_name\":").string(r.model().displayName())
                .raw(",\"created_at\":").string(Instant.ofEpochSecond(r.model().created()).toString()).raw("}");
    }

    private static void gemini(Exchange ex, List<ModelRouter.Reachable> models) {
        if (ex.pathModel != null) {
            ModelRouter.Reachable one = find(models, ex.pathModel);
            if (one == null) {
                notFound(ex);
            } else {
                ex.answer(200, Buffer.buffer(geminiModel(new JsonOut(256), one).take()));
            }
            return;
        }
        JsonOut out = new JsonOut(1024).raw("{\"models\":[");
        for (int i = 0; i < models.size(); i++) {
            geminiModel(out.raw(i == 0 ? "" : ","), models.get(i));
        }
        ex.answer(200, Buffer.buffer(out.raw("]}").take()));
    }

    private static JsonOut geminiModel(JsonOut out, ModelRouter.Reachable r) {
        ModelEntry model = r.model();
        out.raw("{\"name\":").string("models/" + r.name()).raw(",\"displayName\":").string(model.displayName());
        if (model.maxInputTokens() != null) {
            out.raw(",\"inputTokenLimit\":").number(model.maxInputTokens());
        }
        if (model.maxOutputTokens() != null) {
            out.raw(",\"outputTokenLimit\":").number(model.maxOutputTokens());
        }
        boolean embeds = model.capabilities().contains(ModelEntry.EMBEDDINGS);
        boolean chats = model.capabilities().contains(ModelEntry.CHAT) || !embeds;
        out.raw(",\"supportedGenerationMethods\":[");
        if (chats) {
            out.raw("\"generateContent\",\"streamGenerateContent\",\"countTokens\"");
        }
        if (embeds) {
            out.raw(chats ? "," : "").raw("\"embedContent\",\"batchEmbedContents\"");
        }
        return out.raw("]}");
    }

    private static ModelRouter.Reachable find(List<ModelRouter.Reachable> models, String id) {
        int index = indexOf(models, id.startsWith("models/") ? id.substring("models/".length()) : id);
        return index < 0 ? null : models.get(index);
    }

    private static void notFound(Exchange ex) {
        ex.fail(GatewayError.of(ErrorKind.NOT_FOUND, "The model '" + ex.pathModel + "' is not one this key's"
                + " repository reaches."), "client_error");
    }
}

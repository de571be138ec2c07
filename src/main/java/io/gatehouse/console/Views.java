package io.gatehouse.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import java.util.Map;

/** Renders the precompiled templates of {@code src/main/jte} (HTML mode: every {@code ${…}} is escaped). */
final class Views {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, "io.gatehouse.console.templates");

    String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(template + ".jte", params, output);
        return output.toString();
    }
}

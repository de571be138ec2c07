package io.gatehouse.console.view;

import java.util.List;

/** A validation that succeeded ({@code /ai/llm/{id}/validate}): the provider's answer and the models it lists. */
public record Validation(String message, List<String> models) {
}

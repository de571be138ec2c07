package io.gatehouse.console.view;

/** A model a repository reaches ({@code /ai/models}): its id, and the configuration ({@code llmProvider}) it comes through. */
public record Model(String id, String llmProvider, String aiType) {
}

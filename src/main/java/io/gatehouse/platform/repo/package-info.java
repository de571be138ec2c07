/**
 * Repositories ({@code /repo}): what applications' keys belong to, with the AI LLM configurations of the same
 * workspace they may use, in order; and {@code POST /ai/models}, the models a repository can reach.
 */
package io.gatehouse.platform.repo;

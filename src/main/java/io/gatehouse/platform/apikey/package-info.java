/**
 * Repo AI API keys ({@code /repo/{repoId}/ai/apikey}): the bearer secrets applications use on {@code /v1},
 * shown once and stored as hashes, with optional expiry, allowed models and limits.
 */
package io.gatehouse.platform.apikey;

/**
 * Settings documents ({@code /settings/user}, {@code /settings/organization}): one free-form JSON object per user and
 * per organization, for clients to keep their preferences in, replaced whole (POST), merged by top-level key (PUT)
 * or pruned by key (DELETE), bounded in size and depth. The organization's policy judge is shown there read-only
 * (decision 0020).
 */
package io.gatehouse.platform.settings;

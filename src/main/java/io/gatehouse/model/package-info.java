/**
 * The domain: configurations ({@link io.gatehouse.model.AiLlm}, {@link io.gatehouse.model.AiType}), repositories,
 * repo keys and their limits, policy actions and risks, organization settings and alert webhooks, catalog entries.
 * Plain records and enums, free of HTTP and SQL, so the data plane, the policy engine and the providers share them
 * without reaching into the Platform API. A value from outside that does not parse is an
 * {@link io.gatehouse.model.InvalidValueException}, which the API edge answers as 400 or 422.
 */
package io.gatehouse.model;

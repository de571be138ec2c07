/**
 * Shared provider credentials ({@code /apikeys}): a provider account's secret given once per workspace and
 * referenced by configurations ({@code aiLlm.apiKeyUuid}). Each referencing configuration holds a copy sealed to its
 * own row, so the gateway and validation read configurations exactly as before; rotating the shared key re-seals
 * every copy in the same transaction, and the change feed brings the gateway along (decision 0020).
 */
package io.gatehouse.platform.providerkey;

/**
 * Private chat ({@code /conversation}): a user's conversations with a repository's models. Prompts go to this
 * node's gateway listener as ordinary {@code /v1/chat/completions} requests, with a key made for the conversation,
 * so routing, policies, limits and usage are exactly those of {@code /v1} (decision 0017). Messages are stored
 * sealed; a conversation is seen by its creator and the workspace's administrators.
 */
package io.gatehouse.platform.conversation;

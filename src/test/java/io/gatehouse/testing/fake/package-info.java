/**
 * Fake provider APIs for tests (OpenAI-type, Anthropic, Gemini, Bedrock) on 127.0.0.1: each checks the authentication
 * its provider really uses (Bedrock: the SigV4 signature, verified with the AWS SDK signer), answers its real error bodies and models list (paged where the provider pages),
 * records requests and can be scripted to fail or stall. Further endpoints are added as routes.
 */
package io.gatehouse.testing.fake;

/**
 * AWS Bedrock through the Converse API, registered as {@link io.gatehouse.provider.bedrock.BedrockAdapter} for
 * configurations of type AWS: {@link io.gatehouse.provider.bedrock.OpenAiToBedrockRequest} (linked images fetched
 * first by the gateway, as for Gemini), {@link io.gatehouse.provider.bedrock.BedrockToOpenAiResponse} and {@link
 * io.gatehouse.provider.bedrock.BedrockToOpenAiStream} (over the binary event stream, {@link
 * io.gatehouse.provider.bedrock.EventStreamFrames}) back to OpenAI shapes, the Anthropic ingress through the OpenAI
 * shape both ways, {@link io.gatehouse.provider.bedrock.BedrockErrors} for AWS's error types, {@link
 * io.gatehouse.provider.bedrock.BedrockModelCatalog} for {@code ListFoundationModels} and friendly names, {@link
 * io.gatehouse.provider.bedrock.BedrockEndpoints} for region or URL endpoints and {@link
 * io.gatehouse.provider.bedrock.BedrockSigner} for SigV4 with the AWS SDK's signer (decision 0016), over an {@link
 * io.gatehouse.provider.bedrock.AwsCredentialSource}: the access key (with its session token when given) or a role's
 * temporary credentials, {@link io.gatehouse.provider.bedrock.AssumedRole}, assumed by {@link
 * io.gatehouse.provider.bedrock.StsAssumeRole} through the SDK's STS client and renewed off the request path
 * (decision 0021).
 */
package io.gatehouse.provider.bedrock;

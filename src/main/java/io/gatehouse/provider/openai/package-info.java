/**
 * OpenAI-type upstreams (OpenAI itself and OpenAI-compatible servers: vLLM, Ollama, llama.cpp …), registered as two
 * instances of {@link io.gatehouse.provider.openai.OpenAiAdapter}. Same format as the
 * client, so bodies pass through byte for byte except the edits Gatehouse must make ({@link
 * io.gatehouse.provider.openai.OpenAiBody}); streams are relayed frame by frame while usage is captured and, when the
 * client did not ask for it, hidden ({@link io.gatehouse.provider.openai.OpenAiStreamRelay}); errors keep the
 * upstream's own OpenAI fields except where Gatehouse must answer differently ({@link
 * io.gatehouse.provider.openai.OpenAiErrors}).
 */
package io.gatehouse.provider.openai;

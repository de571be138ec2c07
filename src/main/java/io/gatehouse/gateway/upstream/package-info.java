/**
 * The gateway's side of the provider call: the pooled upstream HTTP client and its timeouts ({@link
 * io.gatehouse.gateway.upstream.Deadlines}), hand-written back-pressure between an upstream body and the client
 * response ({@link io.gatehouse.gateway.upstream.BackPressure}), and the guarded fetch of remote images that Gemini
 * needs inline ({@link io.gatehouse.gateway.upstream.MediaFetcher}), and the handler that keeps provider connection
 * errors, already answered by the call, out of the error log ({@link io.gatehouse.gateway.upstream.ConnectionErrors}).
 */
package io.gatehouse.gateway.upstream;

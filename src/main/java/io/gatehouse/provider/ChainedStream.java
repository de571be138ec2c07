package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

import java.util.Arrays;

/**
 * Two translations in a row, e.g. Gemini → OpenAI → Anthropic for {@code /anthropic/v1/messages} served by a Gemini
 * configuration. Output of the first is fed to the second as it comes; usage is the upstream-facing (first)
 * translation's, the end state the client-facing (second) one's.
 */
public final class ChainedStream implements StreamTranslator {
    private final StreamTranslator upstreamSide;
    private final StreamTranslator clientSide;

    public ChainedStream(StreamTranslator upstreamSide, StreamTranslator clientSide) {
        this.upstreamSide = upstreamSide;
        this.clientSide = clientSide;
    }

    @Override
    public byte[] feed(byte[] bytes, int offset, int length) {
        byte[] middle = upstreamSide.feed(bytes, offset, length);
        return middle.length == 0 ? middle : clientSide.feed(middle);
    }

    @Override
    public byte[] finish() {
        byte[] last = clientSide.feed(upstreamSide.finish());
        byte[] end = clientSide.finish();
        byte[] all = Arrays.copyOf(last, last.length + end.length);
        System.arraycopy(end, 0, all, last.length, end.length);
        return all;
    }

    @Override
    public StreamEnd end() {
        return clientSide.end();
    }

    @Override
    public Usage usage() {
        return upstreamSide.usage() != null ? upstreamSide.usage() : clientSide.usage();
    }

    @Override
    public StreamTranslator scrubbing(Secret credential) {
        upstreamSide.scrubbing(credential);
        clientSide.scrubbing(credential);
        return this;
    }

    @Override
    public GatewayError error() {
        return upstreamSide.error() != null ? upstreamSide.error() : clientSide.error();
    }
}

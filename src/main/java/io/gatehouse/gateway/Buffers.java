package io.gatehouse.gateway;

import io.gatehouse.provider.StreamTranslator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Moves bytes between Vert.x buffers and the translators' byte arrays without copying them. {@code Buffer.buffer(byte[])}
 * and {@code Buffer.getBytes()} copy; on a stream they ran once per chunk each way. Safe because the gateway never
 * changes an array after handing it out, and reads an inbound chunk only inside its handler.
 */
final class Buffers {
    private Buffers() {
    }

    /** A buffer over {@code bytes}, which must not change afterwards. */
    static Buffer wrap(byte[] bytes) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
    }

    /** Feeds an inbound chunk to a translator from its own backing array when it has one. */
    static byte[] feed(StreamTranslator translator, Buffer chunk) {
        ByteBuf buf = chunk instanceof BufferInternal internal ? internal.getByteBuf() : null;
        if (buf != null && buf.hasArray()) {
            return translator.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        }
        return translator.feed(chunk.getBytes());
    }
}

package io.gatehouse.gateway.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * Writes to a slow reader without buffering without bound: after each write, a full write queue pauses the source
 * (the upstream body) until the sink (the client's response) drains. {@code pipeTo} cannot be used because every
 * upstream chunk is translated and metered on the way. {@link #release()} resumes the source for good, for when
 * the client is gone and the rest of the upstream body is read only for its usage.
 */
public final class BackPressure {
    private final ReadStream<Buffer> source;
    private final WriteStream<Buffer> sink;
    private boolean paused;
    private boolean released;

    public BackPressure(ReadStream<Buffer> source, WriteStream<Buffer> sink) {
        this.source = source;
        this.sink = sink;
    }

    public void write(Buffer data) {
        if (released) {
            return;
        }
        sink.write(data);
        if (!paused && sink.writeQueueFull()) {
            paused = true;
            source.pause();
            sink.drainHandler(v -> resume());
        }
    }

    /** Stop writing and let the source flow, whatever the sink does. */
    public void release() {
        released = true;
        resume();
    }

    public boolean paused() {
        return paused;
    }

    private void resume() {
        if (paused) {
            paused = false;
            source.resume();
        }
    }
}

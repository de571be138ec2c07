package io.gatehouse.gateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackPressureTest {

    /** A source that only records whether it is paused. */
    static final class Source implements ReadStream<Buffer> {
        boolean paused;

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            return this;
        }
    }

    /** A sink whose queue holds {@code capacity} writes until {@link #drain()}. */
    static final class Sink implements WriteStream<Buffer> {
        final List<Buffer> written = new ArrayList<>();
        final int capacity;
        int queued;
        Handler<Void> drain;

        Sink(int capacity) {
            this.capacity = capacity;
        }

        void drain() {
            queued = 0;
            Handler<Void> h = drain;
            drain = null;
            if (h != null) {
                h.handle(null);
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            written.add(data);
            queued++;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return queued >= capacity;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            drain = handler;
            return this;
        }
    }

    @Test
    void pausesTheSourceWhileTheSinkIsFullAndResumesOnDrain() {
        Source source = new Source();
        Sink sink = new Sink(2);
        BackPressure flow = new BackPressure(source, sink);
        flow.write(Buffer.buffer("a"));
        assertThat(source.paused).isFalse();
        flow.write(Buffer.buffer("b"));
        assertThat(source.paused).isTrue();
        assertThat(flow.paused()).isTrue();
        sink.drain();
        assertThat(source.paused).isFalse();
        assertThat(sink.written).hasSize(2);
    }

    @Test
    void releasedStopsWritingAndLetsTheSourceFlow() {
        Source source = new Source();
        Sink sink = new Sink(1);
        BackPressure flow = new BackPressure(source, sink);
        flow.write(Buffer.buffer("a"));
        assertThat(source.paused).isTrue();
        flow.release();
        assertThat(source.paused).isFalse();
        flow.write(Buffer.buffer("b"));
        assertThat(sink.written).hasSize(1);
    }
}

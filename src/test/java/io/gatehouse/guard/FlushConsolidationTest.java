package io.gatehouse.guard;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlushConsolidationTest {

    /**
     * Stands for the socket: counts what is written and flushed, and keeps it from EmbeddedChannel's own socket, which
     * runs the loop's pending tasks on every write (a real event loop runs them when its turn ends).
     */
    private static final class Socket extends ChannelOutboundHandlerAdapter {
        int writes;
        int flushes;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes++;
            ReferenceCountUtil.release(msg);
            promise.setSuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
        }
    }

    @Test
    void framesWrittenInOneTurnOfTheEventLoopLeaveInOneFlushAtItsEnd() {
        Socket socket = new Socket();
        EmbeddedChannel channel = new EmbeddedChannel();
        ListenerGuard.consolidateFlushes(channel);
        channel.pipeline().addFirst(socket);

        // One turn: a task of the loop writing 20 frames, each with its flush, as a relay does with one upstream read.
        int[] flushedWithinTheTurn = {-1};
        channel.eventLoop().execute(() -> {
            for (int i = 0; i < 20; i++) {
                channel.pipeline().writeAndFlush(
                        Unpooled.copiedBuffer("data: frame " + i + "\n\n", StandardCharsets.UTF_8));
            }
            flushedWithinTheTurn[0] = socket.flushes;
        });
        channel.runPendingTasks();
        assertEquals(0, flushedWithinTheTurn[0], "no flush before the turn ends");
        assertEquals(1, socket.flushes);
        assertEquals(20, socket.writes, "every frame is written");

        channel.eventLoop().execute(() ->
                channel.pipeline().writeAndFlush(Unpooled.copiedBuffer("data: [DONE]\n\n", StandardCharsets.UTF_8)));
        channel.runPendingTasks();
        assertEquals(2, socket.flushes, "a frame alone in its turn is flushed at that turn's end");
        channel.finishAndReleaseAll();
    }
}

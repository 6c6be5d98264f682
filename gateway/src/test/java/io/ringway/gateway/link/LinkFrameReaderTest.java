package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class LinkFrameReaderTest
{
    private final List<String> frames = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private boolean taking = true;

    private final LinkFrameReader reader = new LinkFrameReader(LinkFrameReader.MAX_FRAME_BYTES)
    {
        @Override
        protected boolean onFrame(final ChannelHandlerContext ctx, final DirectBuffer frame, final int length)
        {
            if (!taking)
            {
                return false;
            }
            frames.add(LinkType.name(LinkHeader.type(frame, 0)) + "/" + LinkHeader.sessionId(frame, 0) + "/" + length);
            return true;
        }

        @Override
        protected void onFramingError(final ChannelHandlerContext ctx, final String problem)
        {
            errors.add(problem);
            ctx.close();
        }
    };
    private final EmbeddedChannel channel = new EmbeddedChannel(reader);

    @AfterEach
    void finish()
    {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldHandOnEveryMessageWhenTheyArriveCutAnywhere()
    {
        final ByteBuf stream = Unpooled.buffer();
        for (int session = 1; session <= 5; session++)
        {
            stream.writeBytes(command(session));
        }
        final int total = stream.readableBytes();
        for (int from = 0; from < total; from += 7) // 7-byte pieces: every cut, headers included
        {
            channel.writeInbound(stream.retainedSlice(from, Math.min(7, total - from)));
        }
        stream.release();

        assertEquals(List.of("SESSION_CLOSE/1/16", "SESSION_CLOSE/2/16", "SESSION_CLOSE/3/16", "SESSION_CLOSE/4/16",
            "SESSION_CLOSE/5/16"), frames);
    }

    @Test
    void shouldDropHeartbeatsAndHandOnEverythingElse()
    {
        final ExpandableArrayBuffer heartbeat = new ExpandableArrayBuffer(LinkControl.HEARTBEAT_LENGTH);
        final ByteBuf both = Unpooled.buffer();
        both.writeBytes(heartbeat.byteArray(), 0, LinkControl.heartbeat(heartbeat, 0, 2));
        both.writeBytes(command(9));
        channel.writeInbound(both);

        assertEquals(List.of("SESSION_CLOSE/9/16"), frames);
    }

    @Test
    void shouldKeepAMessageItCouldNotHandOnAndStopReadingUntilResumed()
    {
        taking = false;
        final ByteBuf two = Unpooled.buffer();
        two.writeBytes(command(1)).writeBytes(command(2));
        channel.writeInbound(two);
        assertTrue(frames.isEmpty());
        assertFalse(channel.config().isAutoRead(), "TCP holds the sender back");

        channel.writeInbound(command(3)); // already read from the socket: kept behind the others
        taking = true;
        channel.pipeline().context(reader).executor().execute(() -> reader.resume(channel.pipeline().context(reader)));
        channel.runPendingTasks();

        assertEquals(List.of("SESSION_CLOSE/1/16", "SESSION_CLOSE/2/16", "SESSION_CLOSE/3/16"), frames, "in order, none lost");
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void shouldReportAFramingErrorWhenALengthCannotBeAMessage()
    {
        final ByteBuf tooShort = Unpooled.buffer().writeIntLE(15).writeZero(12);
        channel.writeInbound(tooShort);

        assertEquals(List.of("a frame of 15 bytes is shorter than the 16-byte link header"), errors);
        assertFalse(channel.isActive());
    }

    @Test
    void shouldReportAFramingErrorWhenALengthIsOverTheLimit()
    {
        channel.writeInbound(Unpooled.buffer().writeIntLE(LinkFrameReader.MAX_FRAME_BYTES + 1).writeZero(12));

        assertEquals(List.of("a frame of " + (LinkFrameReader.MAX_FRAME_BYTES + 1) + " bytes is longer than this end takes ("
            + LinkFrameReader.MAX_FRAME_BYTES + ")"), errors);
    }

    @Test
    void shouldKeepItsBufferSmallWhenReadsKeepEndingInsideAMessage()
    {
        final int messageLength = 100;
        final int chunk = 64 * 1024; // not a multiple of 100: almost every read ends inside a message
        final ByteBuf message = Unpooled.buffer(messageLength);
        message.writeIntLE(messageLength).writeByte(1).writeByte(LinkType.SESSION_CLOSE).writeZero(messageLength - 6);
        long streamed = 0;
        int maxCapacity = 0;
        ByteBuf pending = Unpooled.buffer();
        for (int read = 0; read < 100; read++) // 6.25 MiB in all
        {
            while (pending.readableBytes() < chunk)
            {
                pending.writeBytes(message, 0, messageLength);
            }
            channel.writeInbound(channel.alloc().directBuffer(chunk).writeBytes(pending, chunk));
            pending.discardReadBytes();
            streamed += chunk;
            maxCapacity = Math.max(maxCapacity, reader.bufferedCapacity());
        }
        message.release();
        pending.release();
        assertEquals(streamed / messageLength, frames.size());
        assertTrue(maxCapacity <= 4 * chunk, "buffer capacity " + maxCapacity + " after " + streamed + " bytes");
        frames.clear();
    }

    @Test
    void shouldHandOnNothingMoreWhenResumedAfterTheLinkStartedClosing()
    {
        taking = false;
        channel.writeInbound(command(1));
        reader.discardUnread();
        taking = true;
        reader.resume(channel.pipeline().context(reader));
        channel.writeInbound(command(2));

        assertTrue(frames.isEmpty());
        assertFalse(channel.config().isAutoRead(), "a closing link does not read again");
    }

    private static ByteBuf command(final long sessionId)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        return Unpooled.wrappedBuffer(buffer.byteArray(), 0,
            LinkCommandEncoder.encodeEmpty(buffer, 0, LinkType.SESSION_CLOSE, 2, sessionId));
    }
}

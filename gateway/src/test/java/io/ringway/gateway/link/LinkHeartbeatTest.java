package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import io.ringway.gateway.NettyLeakDetectionExtension;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NettyLeakDetectionExtension.class)
class LinkHeartbeatTest
{
    private final List<Object> passedOn = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final EmbeddedChannel channel = frozen();
    {
        channel.pipeline().addLast(LinkHeartbeat.idleState(), new LinkHeartbeat(2, "the engine"), new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg)
            {
                passedOn.add(msg);
            }

            @Override
            public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
            {
                failures.add(cause);
            }
        });
    }

    /** The channel's clock frozen before any handler schedules: only advanceTimeBy moves it, never a stalled thread. */
    private static EmbeddedChannel frozen()
    {
        final EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        return channel;
    }

    @AfterEach
    void finish()
    {
        passedOn.forEach(msg -> ((ByteBuf)msg).release());
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldWriteAHeartbeatEachInterval()
    {
        channel.advanceTimeBy(LinkHeartbeat.INTERVAL_MS + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        final ByteBuf heartbeat = channel.readOutbound();
        assertEquals(LinkControl.HEARTBEAT_LENGTH, heartbeat.readableBytes());
        assertEquals(LinkType.LINK_HEARTBEAT, heartbeat.getByte(LinkHeader.TYPE_OFFSET));
        heartbeat.release();
        assertTrue(channel.isActive());
    }

    @Test
    void shouldWriteAHeartbeatEveryIntervalWhenTheLinkIsBusyToo()
    {
        for (int i = 0; i < 3; i++)
        {
            channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[20]));
            channel.advanceTimeBy(LinkHeartbeat.INTERVAL_MS, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
        int messages = 0;
        int heartbeats = 0;
        ByteBuf out;
        while ((out = channel.readOutbound()) != null)
        {
            if (out.readableBytes() == LinkControl.HEARTBEAT_LENGTH && out.getByte(LinkHeader.TYPE_OFFSET) == LinkType.LINK_HEARTBEAT)
            {
                heartbeats++;
            }
            else
            {
                messages++;
            }
            out.release();
        }
        assertEquals(3, messages);
        assertEquals(3, heartbeats, "a fixed rate: watching writes would cost an allocation per socket write");
    }

    @Test
    void shouldStopBeatingWhenTheLinkCloses()
    {
        // The event a close fires, without EmbeddedChannel's close, which would cancel every scheduled task itself.
        channel.pipeline().fireChannelInactive();
        channel.advanceTimeBy(LinkHeartbeat.INTERVAL_MS * 3, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldNotCloseTheLinkWhileReadingIsPausedForBackPressure()
    {
        channel.config().setAutoRead(false); // this end stopped reading: the peer's heartbeats wait in the socket
        channel.advanceTimeBy(LinkHeartbeat.TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertTrue(channel.isActive());
        assertTrue(failures.isEmpty());
        ByteBuf out;
        while ((out = channel.readOutbound()) != null)
        {
            out.release(); // its own heartbeats still went out
        }
    }

    @Test
    void shouldCloseTheLinkWhenThePeerSendsNothingForTheTimeout()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LinkControl.HEARTBEAT_LENGTH]);
        for (long waited = 0; waited < LinkHeartbeat.TIMEOUT_MS * 2; waited += LinkHeartbeat.INTERVAL_MS)
        {
            channel.writeInbound(Unpooled.wrappedBuffer(buffer.byteArray(), 0, LinkControl.heartbeat(buffer, 0, 2)));
            channel.advanceTimeBy(LinkHeartbeat.INTERVAL_MS, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
        assertTrue(channel.isActive(), "a peer that only sends heartbeats is alive");

        channel.advanceTimeBy(LinkHeartbeat.TIMEOUT_MS + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertFalse(channel.isActive());
        assertEquals("the engine sent nothing for " + LinkHeartbeat.TIMEOUT_MS + " ms", failures.get(0).getMessage());
    }
}

package io.ringway.gateway.link;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringway.codec.link.LinkControl;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells a quiet link from a dead one, on both ends. Each side writes a LINK_HEARTBEAT every
 * {@link #INTERVAL_MS}; a side that has read nothing, heartbeats included, for {@link #TIMEOUT_MS}
 * closes the link, as it would a reset one (TCP alone can take hours to notice a peer whose host
 * went away). The reader behind ({@link LinkFrameReader}) drops the heartbeats it reads. Sits behind
 * an {@link IdleStateHandler} made by {@link #idleState()}, which watches reads only.
 *
 * <p>Why a fixed rate and not "after 2 s without a write": an idle handler that watches writes
 * replaces each write's void promise with a new one to hear of its completion, an allocation per
 * socket write on the hot path. 16 bytes every 2 s cost nothing.
 */
final class LinkHeartbeat extends ChannelInboundHandlerAdapter
{
    static final long INTERVAL_MS = 2_000;
    static final long TIMEOUT_MS = 10_000;

    private final byte[] heartbeat = new byte[LinkControl.HEARTBEAT_LENGTH];
    private final String peer;
    private ScheduledFuture<?> beating;

    /** @param peer what the other side is, for the reason a silent link is closed ("the engine", "the gateway") */
    LinkHeartbeat(final int gatewayId, final String peer)
    {
        LinkControl.heartbeat(new UnsafeBuffer(heartbeat), 0, gatewayId);
        this.peer = peer;
    }

    static IdleStateHandler idleState()
    {
        return new IdleStateHandler(TIMEOUT_MS, 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isActive())
        {
            startBeating(ctx);
        }
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        startBeating(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        stopBeating();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        stopBeating();
    }

    private void startBeating(final ChannelHandlerContext ctx)
    {
        if (beating == null)
        {
            beating = ctx.executor().scheduleAtFixedRate(() -> beat(ctx), INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void stopBeating()
    {
        if (beating != null)
        {
            beating.cancel(false);
            beating = null;
        }
    }

    private void beat(final ChannelHandlerContext ctx)
    {
        ctx.writeAndFlush(ctx.alloc().buffer(LinkControl.HEARTBEAT_LENGTH).writeBytes(heartbeat), ctx.voidPromise());
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent idle)
        {
            if (idle.state() == IdleState.READER_IDLE && ctx.channel().config().isAutoRead())
            {
                // Not while reading is paused for back-pressure: then the silence is this end's, not the peer's.
                ctx.fireExceptionCaught(new LinkSilentException(peer + " sent nothing for " + TIMEOUT_MS + " ms"));
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** A link closed because its peer fell silent. */
    static final class LinkSilentException extends IOException
    {
        LinkSilentException(final String message)
        {
            super(message);
        }
    }
}

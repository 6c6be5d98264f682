package io.ringway.gateway.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.ringway.codec.link.LinkControl;
import io.ringway.codec.link.LinkHeader;
import io.ringway.codec.link.LinkType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Tells a quiet link from a dead one, on both ends. A side that has written nothing for
 * {@link #INTERVAL_MS} writes a LINK_HEARTBEAT; a side that has read nothing, heartbeats included,
 * for {@link #TIMEOUT_MS} closes the link, as it would a reset one (TCP alone can take hours to
 * notice a peer whose host went away). Heartbeats stop here: the handlers behind never see them.
 * Sits behind an {@link IdleStateHandler} made by {@link #idleState()}.
 */
final class LinkHeartbeat extends ChannelDuplexHandler
{
    static final long INTERVAL_MS = 2_000;
    static final long TIMEOUT_MS = 10_000;

    private final int gatewayId;
    private final String peer;

    /** @param peer what the other side is, for the reason a silent link is closed ("the engine", "the gateway") */
    LinkHeartbeat(final int gatewayId, final String peer)
    {
        this.gatewayId = gatewayId;
        this.peer = peer;
    }

    static IdleStateHandler idleState()
    {
        return new IdleStateHandler(TIMEOUT_MS, INTERVAL_MS, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf frame = (ByteBuf)msg;
        if (frame.readableBytes() == LinkControl.HEARTBEAT_LENGTH
            && frame.getByte(frame.readerIndex() + LinkHeader.TYPE_OFFSET) == LinkType.LINK_HEARTBEAT)
        {
            frame.release(); // it did its work by arriving: the idle handler in front saw a read
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent idle)
        {
            if (idle.state() == IdleState.WRITER_IDLE)
            {
                final ByteBuf heartbeat = ctx.alloc().buffer(LinkControl.HEARTBEAT_LENGTH);
                final UnsafeBuffer view = new UnsafeBuffer(new byte[LinkControl.HEARTBEAT_LENGTH]);
                heartbeat.writeBytes(view.byteArray(), 0, LinkControl.heartbeat(view, 0, gatewayId));
                ctx.writeAndFlush(heartbeat, ctx.voidPromise());
            }
            else if (idle.state() == IdleState.READER_IDLE)
            {
                ctx.fireExceptionCaught(new LinkSilentException(peer + " sent nothing for " + TIMEOUT_MS + " ms"));
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** A link closed because its peer fell silent. */
    static final class LinkSilentException extends java.io.IOException
    {
        LinkSilentException(final String message)
        {
            super(message);
        }
    }
}

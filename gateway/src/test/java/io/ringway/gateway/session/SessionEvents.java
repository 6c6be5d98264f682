package io.ringway.gateway.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/** Test handlers that stand in for a transport's session handler. */
final class SessionEvents
{
    private SessionEvents()
    {
    }

    /** Tells the session what a transport handler tells it: writability flips and the channel closing. */
    static final class Forwarder extends ChannelInboundHandlerAdapter
    {
        GatewaySession session;

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx)
        {
            if (session != null)
            {
                session.onWritabilityChanged();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            if (session != null)
            {
                session.onChannelClosed();
            }
            ctx.fireChannelInactive();
        }
    }

    /** A client that never reads: writes are kept, their promises never complete. */
    static final class HoldWrites extends ChannelOutboundHandlerAdapter
    {
        final List<Object> held = new ArrayList<>();

        @Override
        public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
        {
            held.add(msg);
        }

        @Override
        public void flush(final ChannelHandlerContext ctx)
        {
        }

        void releaseAll()
        {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
        }
    }
}

package io.ringway.gateway.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.ErrorCode;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.protocol.FrameViolationException;
import io.ringway.gateway.protocol.ServerMessages;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;

/** One raw TCP connection: whole frames in, session lifecycle, protocol violations answered and closed. */
public final class TcpSessionHandler extends ChannelInboundHandlerAdapter
{
    private final SessionRegistry registry;
    private final ClientCommandHandler commands;
    private GatewaySession session;

    public TcpSessionHandler(final SessionRegistry registry, final ClientCommandHandler commands)
    {
        this.registry = registry;
        this.commands = commands;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        session = registry.register(ctx.channel(), WireFormat.TCP_BINARY);
        if (session == null)
        {
            ctx.writeAndFlush(ServerMessages.error(ctx.alloc(), WireFormat.TCP_BINARY, ErrorCode.OVERLOADED, "server is full"))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        session.open();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (session != null && !session.state().isClosingOrClosed() && msg instanceof ByteBuf frame)
            {
                commands.onFrame(session, frame);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

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
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE && session != null)
        {
            session.close(ErrorCode.IDLE_TIMEOUT, "no frame within the idle timeout; send HEARTBEAT");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (session == null)
        {
            ctx.close();
        }
        else if (cause instanceof FrameViolationException violation)
        {
            session.close(violation.code(), violation.getMessage());
        }
        else if (cause instanceof java.io.IOException)
        {
            ctx.close(); // connection reset by the peer: nothing to tell it
        }
        else
        {
            session.close(ErrorCode.INTERNAL, "internal error");
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (session != null)
        {
            session.onChannelClosed();
            registry.unregister(session);
            commands.closeSession(session);
        }
        ctx.fireChannelInactive();
    }
}

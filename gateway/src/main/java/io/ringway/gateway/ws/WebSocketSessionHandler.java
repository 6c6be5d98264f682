package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.json.ClientCommandParser;
import io.ringway.gateway.protocol.ClientCommandHandler;
import io.ringway.gateway.protocol.ClientFrames;
import io.ringway.gateway.protocol.FrameViolationException;
import io.ringway.gateway.protocol.ServerMessages;
import io.ringway.gateway.session.CloseCodes;
import io.ringway.gateway.session.GatewaySession;
import io.ringway.gateway.session.Priority;
import io.ringway.gateway.session.SessionRegistry;
import io.ringway.gateway.session.WireFormat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One WebSocket connection after the handshake. Text messages are JSON commands; binary messages
 * hold whole client binary frames. {@code ?token=JWT} gives the identity when tokens are required
 * ({@code client_id} is then ignored); in dev mode {@code ?client_id=alice} does.
 * {@code ?encoding=binary} makes the server answer in binary frames instead of JSON text.
 *
 * <p>A bad {@code ?token=} is answered after the upgrade, with an {@code unauthenticated} error and a
 * 1008 close, rather than with an HTTP 401: a browser's WebSocket API never shows the status of a
 * refused upgrade, while it does show a close code and reason.
 */
public final class WebSocketSessionHandler extends ChannelInboundHandlerAdapter
{
    private final SessionRegistry registry;
    private final ClientCommandHandler commands;
    private final int maxFrameBytes;
    private GatewaySession session;

    public WebSocketSessionHandler(final SessionRegistry registry, final ClientCommandHandler commands, final int maxFrameBytes)
    {
        this.registry = registry;
        this.commands = commands;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake)
        {
            onHandshake(ctx, handshake);
            return;
        }
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE)
        {
            // Half the timeout without a byte from the client: ping it (its pong is a read and resets the timer).
            // The whole timeout without one: close. Writes don't count, so a silent subscriber is still pinged.
            if (session == null || session.state().isClosingOrClosed())
            {
                ctx.close();
            }
            else if (idle.isFirst())
            {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            else
            {
                session.close(ErrorCode.IDLE_TIMEOUT, "no traffic within the idle timeout");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onHandshake(final ChannelHandlerContext ctx, final WebSocketServerProtocolHandler.HandshakeComplete handshake)
    {
        final QueryStringDecoder query = new QueryStringDecoder(handshake.requestUri());
        final String encoding = first(query, "encoding");
        final WireFormat format = "binary".equals(encoding) ? WireFormat.WEBSOCKET_BINARY : WireFormat.WEBSOCKET_JSON;
        session = registry.register(ctx.channel(), format);
        if (session == null)
        {
            ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.TRY_AGAIN_LATER, "overloaded: server is full"))
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        session.open();
        if (commands.requiresToken())
        {
            final String token = first(query, "token");
            if (token != null)
            {
                commands.authenticateQueryToken(session, token);
            }
            return;
        }
        final String clientId = first(query, "client_id");
        if (clientId != null)
        {
            final int length = clientId.getBytes(StandardCharsets.UTF_8).length;
            if (length == 0 || length > ClientCommandParser.MAX_NAME_LENGTH)
            {
                session.send(Priority.CONTROL, ServerMessages.error(ctx.alloc(), format, ErrorCode.BAD_REQUEST,
                    "client_id must be 1 to " + ClientCommandParser.MAX_NAME_LENGTH + " bytes"));
            }
            else if (!commands.openSession(session, clientId))
            {
                session.send(Priority.CONTROL, ServerMessages.error(ctx.alloc(), format, ErrorCode.OVERLOADED, null));
            }
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (session == null || session.state().isClosingOrClosed())
            {
                return;
            }
            if (msg instanceof TextWebSocketFrame text)
            {
                commands.onJson(session, text.content());
            }
            else if (msg instanceof BinaryWebSocketFrame binary)
            {
                onBinary(binary.content());
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A binary message holds one or more whole frames; a partial frame is a violation. */
    private void onBinary(final ByteBuf content)
    {
        int index = content.readerIndex();
        final int end = content.writerIndex();
        try
        {
            while (index < end && !session.state().isClosingOrClosed())
            {
                final int length = ClientFrames.check(content, index, end - index, maxFrameBytes);
                if (length == ClientFrames.NEED_MORE)
                {
                    throw new FrameViolationException(ErrorCode.BAD_FRAME, "a binary message must hold whole frames");
                }
                commands.onFrame(session, content.slice(index, length));
                index += length;
            }
        }
        catch (final FrameViolationException violation)
        {
            session.close(violation.code(), violation.getMessage());
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
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (session == null)
        {
            ctx.close();
        }
        else if (cause instanceof TooLongFrameException)
        {
            session.close(ErrorCode.TOO_LARGE, "message exceeds " + maxFrameBytes + " bytes");
        }
        else if (cause instanceof java.io.IOException)
        {
            ctx.close();
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

    private static String first(final QueryStringDecoder query, final String name)
    {
        final List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

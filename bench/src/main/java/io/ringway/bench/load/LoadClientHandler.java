package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of every load connection: joins the room once the transport is ready, then
 * classifies what arrives with {@link MessageScan} (no JSON parsing) and reports it to the
 * {@link LoadConnection}. Over WebSocket the messages come from {@link ServerFrameReader}, as byte
 * ranges; over raw TCP as frames, which it releases.
 */
final class LoadClientHandler extends ChannelInboundHandlerAdapter implements ServerFrameReader.Listener
{
    /** Raw TCP sends nothing else as a subscriber; the server closes connections silent for its idle timeout. */
    static final long TCP_HEARTBEAT_INTERVAL_MS = 10_000;

    private final LoadConnection connection;
    private final Transport transport;
    private final MessageScan.IndexFinder indexFinder = new MessageScan.IndexFinder();
    private static final String CLOSED_BY_PEER = "closed by peer";

    /** The first reason seen wins: a write failing after the server's error must not hide it. */
    private String closeReason = CLOSED_BY_PEER;
    private ScheduledFuture<?> heartbeat;

    LoadClientHandler(final LoadConnection connection, final Transport transport)
    {
        this.connection = connection;
        this.transport = transport;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        if (transport == Transport.TCP)
        {
            ctx.writeAndFlush(LoadMessages.hello(ctx.alloc(), connection.user()), ctx.voidPromise());
            connection.sendJoin();
            heartbeat = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(LoadMessages.heartbeat(ctx.alloc()), ctx.voidPromise()),
                TCP_HEARTBEAT_INTERVAL_MS, TCP_HEARTBEAT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
        {
            connection.sendJoin();
        }
        else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            connection.failJoin(new ServerUnreachableException(connection.user() + ": WebSocket handshake timed out", null));
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Raw TCP only: one whole frame per message from the LengthFieldBasedFrameDecoder. */
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final long receivedNs = System.nanoTime();
        try
        {
            if (msg instanceof ByteBuf frame)
            {
                onFrames(ctx, frame, frame.readerIndex(), frame.writerIndex(), receivedNs);
            }
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    /** WebSocket: a whole message, read in place by {@link ServerFrameReader}. */
    @Override
    public void onMessage(final ChannelHandlerContext ctx, final boolean text, final ByteBuf buf, final int from, final int to, final long readNs)
    {
        if (text)
        {
            onJson(buf, from, to, readNs);
        }
        else
        {
            onFrames(ctx, buf, from, to, readNs);
        }
    }

    @Override
    public void onClose(final ChannelHandlerContext ctx, final int statusCode, final String reason)
    {
        reason("websocket close " + statusCode + " " + reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        reason("exception: " + cause);
        connection.failJoin(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (heartbeat != null)
        {
            heartbeat.cancel(false);
        }
        connection.onClosed(closeReason);
        super.channelInactive(ctx);
    }

    /** PROTOCOL.md: these error codes are followed by the server closing the connection. */
    private void closingError(final String code)
    {
        switch (code)
        {
            case "slow_consumer", "too_large", "idle_timeout", "bad_frame", "unsupported_version", "internal" -> reason("error " + code);
            default ->
            {
            }
        }
    }

    private void reason(final String reason)
    {
        if (CLOSED_BY_PEER.equals(closeReason))
        {
            closeReason = reason;
        }
    }

    private void onJson(final ByteBuf buf, final int from, final int to, final long receivedNs)
    {
        if (MessageScan.startsWith(buf, from, to, MessageScan.JSON_MESSAGE))
        {
            connection.onRoomMessage(indexFinder.find(buf, from, to), receivedNs);
        }
        else if (MessageScan.startsWith(buf, from, to, MessageScan.JSON_ACK))
        {
            connection.onAck();
        }
        else if (MessageScan.startsWith(buf, from, to, MessageScan.JSON_ERROR))
        {
            final String code = MessageScan.errorCode(buf, from, to);
            closingError(code);
            connection.onError(code);
        }
        // pong, auth_ok: nothing to do
    }

    /** One or more whole binary frames (a WebSocket binary message may hold several). */
    private void onFrames(final ChannelHandlerContext ctx, final ByteBuf buf, final int from, final int end, final long receivedNs)
    {
        int at = from;
        while (end - at >= LoadMessages.FRAME_HEADER_LENGTH)
        {
            final int length = buf.getInt(at);
            if (length < LoadMessages.FRAME_HEADER_LENGTH || length > end - at)
            {
                reason("bad frame from server: length " + length);
                ctx.close();
                return;
            }
            final int payloadFrom = at + LoadMessages.FRAME_HEADER_LENGTH;
            final int payloadTo = at + length;
            switch (buf.getByte(at + 5))
            {
                case LoadMessages.TYPE_MESSAGE -> connection.onRoomMessage(indexFinder.find(buf, payloadFrom, payloadTo), receivedNs);
                case LoadMessages.TYPE_ACK -> connection.onAck();
                case LoadMessages.TYPE_ERROR ->
                {
                    final String code = MessageScan.errorCode(buf, payloadFrom, payloadTo);
                    closingError(code);
                    connection.onError(code);
                }
                default ->
                {
                    // HELLO (auth_ok), HEARTBEAT echo: nothing to do
                }
            }
            at = payloadTo;
        }
    }
}

package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * The last handler of a {@code nats-ws} connection, the NATS counterpart of
 * {@link LoadClientHandler}. WebSocket data frames are unwrapped into one byte stream
 * (ByteToMessageDecoder keeps the cumulation) that {@link NatsParser} splits into operations, so
 * a protocol line or payload split across WebSocket messages is handled, and no frame aggregator
 * is needed.
 * <p>
 * Joining: the server's first {@code INFO} is answered with {@code CONNECT} (named after the
 * user) and the join ({@code SUB} + {@code PING}); the {@code PONG} that follows is the join's
 * ack. Server {@code PING}s are answered with {@code PONG}, or the server would close us.
 */
final class NatsClientHandler extends ByteToMessageDecoder implements NatsParser.Listener, ServerFrameReader.Listener
{
    private static final String CLOSED_BY_PEER = "closed by peer";

    private final LoadConnection connection;
    private final NatsParser parser = new NatsParser(LoadClient.MAX_FRAME_BYTES);

    private ChannelHandlerContext ctx;
    private boolean connectSent;
    private boolean joinPongPending;
    /** nanoTime of the read being decoded: every MSG in it arrived then. */
    private long readNs;
    /** The first reason seen wins: a write failing after the server's -ERR must not hide it. */
    private String closeReason = CLOSED_BY_PEER;

    NatsClientHandler(final LoadConnection connection)
    {
        this.connection = connection;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx) throws Exception
    {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        // on HANDSHAKE_COMPLETE there is nothing to send yet: the server speaks first (INFO)
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            connection.failJoin(new ServerUnreachableException(connection.user() + ": WebSocket handshake timed out", null));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        readNs = System.nanoTime();
        if (msg instanceof BinaryWebSocketFrame || msg instanceof TextWebSocketFrame || msg instanceof ContinuationWebSocketFrame)
        {
            // the frame's content is the frame's only reference: the decoder takes it over and releases it
            super.channelRead(ctx, ((WebSocketFrame)msg).content());
        }
        else if (msg instanceof CloseWebSocketFrame close)
        {
            reason("websocket close " + close.statusCode() + " " + close.reasonText());
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
        else
        {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A whole WebSocket message from {@link ServerFrameReader} (the load client's decoder, as for
     * Ringway): its bytes join the stream as when a frame comes down the pipeline. They are valid
     * during this call only, so the cumulation gets a slice of its own.
     */
    @Override
    public void onMessage(final ChannelHandlerContext readerCtx, final boolean text, final ByteBuf buf, final int from, final int to, final long readNs)
        throws Exception
    {
        this.readNs = readNs;
        super.channelRead(ctx, buf.retainedSlice(from, to - from));
    }

    @Override
    public void onClose(final ChannelHandlerContext readerCtx, final int statusCode, final String reasonText)
    {
        reason("websocket close " + statusCode + " " + reasonText);
        ctx.close();
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        parser.parse(in, this);
    }

    @Override
    public void onInfo(final ByteBuf buf, final int from, final int to)
    {
        if (connectSent)
        {
            return; // protocol 1: later INFOs announce cluster changes
        }
        connectSent = true;
        ctx.write(new BinaryWebSocketFrame(NatsProtocol.connect(ctx.alloc(), connection.user())), ctx.voidPromise());
        joinPongPending = true;
        connection.sendJoin();
    }

    @Override
    public void onMsg(final ByteBuf buf, final int from, final int to)
    {
        connection.onRoomMessage(MessageScan.findIndex(buf, from, to), readNs);
    }

    @Override
    public void onPing()
    {
        ctx.writeAndFlush(new BinaryWebSocketFrame(NatsProtocol.pong(ctx.alloc())), ctx.voidPromise());
    }

    @Override
    public void onPong()
    {
        if (joinPongPending)
        {
            joinPongPending = false;
            connection.onAck();
        }
    }

    @Override
    public void onErr(final String text)
    {
        final String code = NatsProtocol.errorCode(text);
        // nats-server closes the connection after nearly every -ERR (not after permission errors)
        if (!code.startsWith("permissions_violation"))
        {
            reason("error " + code);
        }
        connection.onError(code);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        final Throwable root = cause.getCause() instanceof NatsProtocolException ? cause.getCause() : cause;
        reason(root instanceof NatsProtocolException ? "bad nats protocol: " + root.getMessage() : "exception: " + root);
        connection.failJoin(root);
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        connection.onClosed(closeReason);
        super.channelInactive(ctx);
    }

    private void reason(final String reason)
    {
        if (CLOSED_BY_PEER.equals(closeReason))
        {
            closeReason = reason;
        }
    }
}

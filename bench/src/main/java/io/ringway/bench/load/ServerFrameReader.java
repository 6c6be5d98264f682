package io.ringway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The load generator's reader of server-to-client WebSocket frames (RFC 6455 §5.2), in place of
 * Netty's {@code WebSocket08FrameDecoder} once the handshake is done. Each whole message is handed
 * to the {@link Listener} as a range of the bytes read: no copy, no frame object, no trip through
 * the pipeline. Netty's decoder copies every frame into a new buffer and the frame then passes
 * three more handlers; at a million deliveries a second that was most of the client's CPU, which
 * the server being measured then lacks.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |   (16 bits if len 126, or 64  |
 *  |N|V|V|V|       |S|             |    bits if len 127)           |
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |  (masking key, 4 bytes, never from a server) |  payload ...   |
 *  +----------------------------------------------+----------------+
 * </pre>
 *
 * <p>Fragmented messages are put together (a copy, only for them). Pings are answered with a pong
 * carrying the same bytes, pongs are dropped. A masked frame, reserved bits (no extension is
 * negotiated), an unknown opcode or a message over the size limit fail the connection with a
 * {@link CorruptedWebSocketFrameException}.
 *
 * <p>Every system the load generator measures over WebSocket is read this way (Ringway's
 * {@link LoadClientHandler}, NATS's {@link NatsClientHandler}), so a comparison is not skewed by
 * the client's own decoding.
 */
final class ServerFrameReader extends ByteToMessageDecoder implements WebSocketFrameDecoder
{
    /** Receives every message; the range is valid during the call only. */
    interface Listener
    {
        /** A text message (UTF-8, not validated) or a binary message. {@code readNs}: when the read that completed it began. */
        void onMessage(ChannelHandlerContext ctx, boolean text, ByteBuf buf, int from, int to, long readNs) throws Exception;

        /** The server's close frame: its status code (1005 when it gave none) and reason. */
        void onClose(ChannelHandlerContext ctx, int statusCode, String reason);
    }

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int NO_STATUS = WebSocketCloseStatus.EMPTY.code();

    private final Listener listener;
    private final int maxMessageBytes;
    /** The fragments of an unfinished message, and whether it is text; null between messages. */
    private ByteBuf fragments;
    private boolean fragmentsText;
    /** Set by the first protocol error: what follows it is skipped, not read again (as on channelInactive). */
    private boolean failed;
    /** Set by the server's close frame: what follows it is skipped. */
    private boolean closed;

    ServerFrameReader(final Listener listener, final int maxMessageBytes)
    {
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out) throws Exception
    {
        if (failed || closed)
        {
            in.skipBytes(in.readableBytes());
            return;
        }
        final long readNs = System.nanoTime();
        try
        {
            readFrames(ctx, in, readNs);
        }
        catch (final CorruptedWebSocketFrameException ex)
        {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw ex;
        }
    }

    private void readFrames(final ChannelHandlerContext ctx, final ByteBuf in, final long readNs) throws Exception
    {
        while (true)
        {
            final int at = in.readerIndex();
            final int readable = in.writerIndex() - at;
            if (readable < 2)
            {
                return;
            }
            final int b0 = in.getUnsignedByte(at);
            final int b1 = in.getUnsignedByte(at + 1);
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126)
            {
                if (readable < 4)
                {
                    return;
                }
                length = in.getUnsignedShort(at + 2);
                header = 4;
            }
            else if (length == 127)
            {
                if (readable < 10)
                {
                    return;
                }
                length = in.getLong(at + 2);
                header = 10;
            }
            checkHeader(b0, b1, length);
            if (readable - header < length)
            {
                return; // the rest of this frame has not arrived yet
            }
            final int from = at + header;
            final int to = from + (int)length;
            in.readerIndex(to); // before the listener, which may throw
            onFrame(ctx, (b0 & 0x80) != 0, b0 & 0x0F, in, from, to, readNs);
            if (closed)
            {
                in.skipBytes(in.readableBytes()); // nothing counts after the server's close frame
                return;
            }
        }
    }

    private void checkHeader(final int b0, final int b1, final long length)
    {
        if ((b1 & 0x80) != 0)
        {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "masked frame from the server");
        }
        if ((b0 & 0x70) != 0)
        {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                "reserved bits set (no extension was negotiated): 0x" + Integer.toHexString(b0));
        }
        if (length < 0 || length > maxMessageBytes)
        {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "frame of " + length + " bytes, over the limit of " + maxMessageBytes);
        }
    }

    private void onFrame(
        final ChannelHandlerContext ctx, final boolean fin, final int opcode, final ByteBuf in, final int from, final int to,
        final long readNs) throws Exception
    {
        switch (opcode)
        {
            case OPCODE_TEXT, OPCODE_BINARY ->
            {
                if (fragments != null)
                {
                    throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                        "a new message began before the fragmented one before it ended");
                }
                if (fin)
                {
                    listener.onMessage(ctx, opcode == OPCODE_TEXT, in, from, to, readNs);
                }
                else
                {
                    fragments = ctx.alloc().buffer(Math.max(256, 2 * (to - from)));
                    fragmentsText = opcode == OPCODE_TEXT;
                    fragments.writeBytes(in, from, to - from);
                }
            }
            case OPCODE_CONTINUATION -> onContinuation(ctx, fin, in, from, to, readNs);
            case OPCODE_CLOSE ->
            {
                final int status = to - from >= 2 ? in.getUnsignedShort(from) : NO_STATUS;
                final String reason = to - from > 2 ? in.toString(from + 2, to - from - 2, StandardCharsets.UTF_8) : "";
                closed = true;
                listener.onClose(ctx, status, reason);
            }
            // from the channel's tail: the frame encoder sits behind this reader, so a write from here would skip it
            case OPCODE_PING -> ctx.channel().writeAndFlush(new PongWebSocketFrame(in.retainedSlice(from, to - from)), ctx.channel().voidPromise());
            case OPCODE_PONG ->
            {
                // a reply to nothing we sent: dropped
            }
            default -> throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "unknown opcode " + opcode);
        }
    }

    private void onContinuation(
        final ChannelHandlerContext ctx, final boolean fin, final ByteBuf in, final int from, final int to, final long readNs)
        throws Exception
    {
        if (fragments == null)
        {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "a continuation frame with no message to continue");
        }
        if (fragments.readableBytes() + (to - from) > maxMessageBytes)
        {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "fragmented message over the limit of " + maxMessageBytes + " bytes");
        }
        fragments.writeBytes(in, from, to - from);
        if (fin)
        {
            final ByteBuf whole = fragments;
            fragments = null;
            try
            {
                listener.onMessage(ctx, fragmentsText, whole, whole.readerIndex(), whole.writerIndex(), readNs);
            }
            finally
            {
                whole.release();
            }
        }
    }

    @Override
    protected void handlerRemoved0(final ChannelHandlerContext ctx)
    {
        if (fragments != null)
        {
            fragments.release();
            fragments = null;
        }
    }
}

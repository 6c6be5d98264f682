package io.ringway.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;
import io.ringway.gateway.ws.ServerWebSocketFrames;
import io.ringway.codec.json.ServerMessageWriter;
import io.ringway.gateway.session.WireFormat;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Builds the gateway's own replies (errors, auth_ok, pong) as ready-to-queue buffers in a
 * session's wire format. JSON is written once into a per-thread scratch buffer after a reserved
 * 7-byte header, so the binary frame is the same bytes with the header filled in.
 */
public final class ServerMessages
{
    /** JSON starts here in the scratch buffer; the bytes before it are the binary frame header. */
    public static final int PAYLOAD_OFFSET = ClientFrameFlyweight.HEADER_LENGTH;

    private static final FastThreadLocal<ExpandableArrayBuffer> SCRATCH = new FastThreadLocal<>()
    {
        @Override
        protected ExpandableArrayBuffer initialValue()
        {
            return new ExpandableArrayBuffer(1024);
        }
    };

    private ServerMessages()
    {
    }

    public static ExpandableArrayBuffer scratch()
    {
        return SCRATCH.get();
    }

    public static ByteBuf error(
        final ByteBufAllocator alloc, final WireFormat format,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final ErrorCode code, final String message)
    {
        final ExpandableArrayBuffer scratch = SCRATCH.get();
        if (format.isBinaryFramed())
        {
            final int length = ServerMessageWriter.errorFramePayload(
                scratch, PAYLOAD_OFFSET, corrId, corrIdOffset, corrIdLength, code, message);
            return toBuf(alloc, format, scratch, FrameType.ERROR, length);
        }
        final int length = ServerMessageWriter.error(scratch, PAYLOAD_OFFSET, corrId, corrIdOffset, corrIdLength, code, message);
        return toBuf(alloc, format, scratch, FrameType.ERROR, length);
    }

    public static ByteBuf error(final ByteBufAllocator alloc, final WireFormat format, final ErrorCode code, final String message)
    {
        return error(alloc, format, null, 0, 0, code, message);
    }

    public static ByteBuf authOk(final ByteBufAllocator alloc, final WireFormat format, final DirectBuffer user, final int length)
    {
        return authOk(alloc, format, null, 0, 0, user, length);
    }

    public static ByteBuf authOk(
        final ByteBufAllocator alloc, final WireFormat format,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength, final DirectBuffer user, final int length)
    {
        final ExpandableArrayBuffer scratch = SCRATCH.get();
        final int payload = ServerMessageWriter.authOk(scratch, PAYLOAD_OFFSET, corrId, corrIdOffset, corrIdLength, user, 0, length);
        return toBuf(alloc, format, scratch, FrameType.HELLO, payload);
    }

    public static ByteBuf pong(final ByteBufAllocator alloc, final WireFormat format, final long timestampMs)
    {
        return pong(alloc, format, null, 0, 0, timestampMs);
    }

    public static ByteBuf pong(
        final ByteBufAllocator alloc, final WireFormat format,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength, final long timestampMs)
    {
        final ExpandableArrayBuffer scratch = SCRATCH.get();
        final int payload = ServerMessageWriter.pong(scratch, PAYLOAD_OFFSET, corrId, corrIdOffset, corrIdLength, timestampMs);
        return toBuf(alloc, format, scratch, FrameType.HEARTBEAT, payload);
    }

    /**
     * Copies a JSON payload written at {@link #PAYLOAD_OFFSET} of {@code scratch} into a new
     * buffer holding exactly what the session's channel is given: a whole WebSocket text frame for
     * JSON sessions, a binary frame of {@code frameType} for TCP, and that binary frame inside a
     * whole WebSocket binary frame for binary WebSocket sessions ({@link ServerWebSocketFrames}).
     * So one buffer serves every recipient of one wire format, however many there are.
     */
    public static ByteBuf toBuf(
        final ByteBufAllocator alloc, final WireFormat format, final ExpandableArrayBuffer scratch,
        final int frameType, final int payloadLength)
    {
        switch (format)
        {
            case WEBSOCKET_JSON:
                return ServerWebSocketFrames.text(alloc, scratch.byteArray(), PAYLOAD_OFFSET, payloadLength);
            case WEBSOCKET_BINARY:
                return ServerWebSocketFrames.binary(alloc, scratch.byteArray(), 0,
                    ClientFrameFlyweight.writeHeader(scratch, 0, frameType, ClientFrameFlyweight.FLAG_JSON, payloadLength));
            default:
                final int frameLength = ClientFrameFlyweight.writeHeader(
                    scratch, 0, frameType, ClientFrameFlyweight.FLAG_JSON, payloadLength);
                return alloc.directBuffer(frameLength).writeBytes(scratch.byteArray(), 0, frameLength);
        }
    }
}

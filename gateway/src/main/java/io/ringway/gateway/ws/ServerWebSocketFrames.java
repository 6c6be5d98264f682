package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Whole server-to-client WebSocket frames (RFC 6455, section 5.2), written once per message:
 * text frames holding JSON for {@code encoding=json} sessions, binary frames holding one client
 * binary frame (PROTOCOL.md section 2) for {@code encoding=binary} sessions.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|0x1 txt|A|  (7 bits)   |    (16 bits, when len = 126;  |
 *  |N|V|V|V|0x2 bin|S|             |     64 bits when len = 127)   |
 *  |1|0|0|0|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |       payload, unmasked: UTF-8 JSON, or one binary frame     ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Why here and not in Netty's {@code WebSocket08FrameEncoder}: a server never masks, so a frame
 * is the same bytes for every recipient. Encoding it once lets a room message reach all its
 * subscribers of one encoding as one shared buffer; the encoder would write a header (and, for
 * small frames, copy the payload) per recipient, which was most of the I/O threads' time in a
 * 1 → 1,000 fan-out profile. A {@code ByteBuf} written to the channel passes the encoder untouched.
 */
public final class ServerWebSocketFrames
{
    /** FIN set, no RSV bits (no per-message compression), opcode 1 (text). */
    static final int FIN_TEXT = 0x81;
    /** FIN set, no RSV bits, opcode 2 (binary). */
    static final int FIN_BINARY = 0x82;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private ServerWebSocketFrames()
    {
    }

    public static int headerLength(final int payloadLength)
    {
        return payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** A new buffer holding the whole text frame for {@code payload[offset, offset + length)}. */
    public static ByteBuf text(final ByteBufAllocator alloc, final byte[] payload, final int offset, final int length)
    {
        return header(alloc, FIN_TEXT, length).writeBytes(payload, offset, length);
    }

    /** A new buffer holding the whole binary frame for {@code payload[offset, offset + length)}. */
    public static ByteBuf binary(final ByteBufAllocator alloc, final byte[] payload, final int offset, final int length)
    {
        return header(alloc, FIN_BINARY, length).writeBytes(payload, offset, length);
    }

    /** A new buffer holding the whole binary frame for the readable bytes of {@code payload}, which is left as it was. */
    public static ByteBuf binary(final ByteBufAllocator alloc, final ByteBuf payload)
    {
        final int length = payload.readableBytes();
        return header(alloc, FIN_BINARY, length).writeBytes(payload, payload.readerIndex(), length);
    }

    private static ByteBuf header(final ByteBufAllocator alloc, final int finAndOpcode, final int length)
    {
        final ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
        frame.writeByte(finAndOpcode);
        if (length < LENGTH_16)
        {
            frame.writeByte(length);
        }
        else if (length <= 0xFFFF)
        {
            frame.writeByte(LENGTH_16).writeShort(length);
        }
        else
        {
            frame.writeByte(LENGTH_64).writeLong(length);
        }
        return frame;
    }

    /** How many bytes the header of a whole frame written here takes. */
    public static int headerLengthOf(final ByteBuf frame)
    {
        final int lengthByte = frame.getUnsignedByte(frame.readerIndex() + 1) & 0x7F;
        return lengthByte < LENGTH_16 ? 2 : lengthByte == LENGTH_16 ? 4 : 10;
    }

    /** The payload of a whole frame written by {@link #text}, as text; for tests and tools. */
    public static String payloadText(final ByteBuf frame)
    {
        final int header = headerLengthOf(frame);
        return frame.toString(frame.readerIndex() + header, frame.readableBytes() - header, StandardCharsets.UTF_8);
    }
}

package io.ringway.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Whole server-to-client WebSocket text frames (RFC 6455, section 5.2), written once per message.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  0x1  |A|  (7 bits)   |    (16 bits, when len = 126;  |
 *  |N|V|V|V| text  |S|             |     64 bits when len = 127)   |
 *  |1|0|0|0|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |                  UTF-8 JSON payload, unmasked                ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Why here and not in Netty's {@code WebSocket08FrameEncoder}: a server never masks, so a frame
 * is the same bytes for every recipient. Encoding it once lets a room message reach all its JSON
 * subscribers as one shared buffer; the encoder would write a header (and, for small frames, copy
 * the payload) per recipient, which was most of the I/O threads' time in a 1 → 1,000 fan-out
 * profile. A {@code ByteBuf} written to the channel passes the encoder untouched.
 */
public final class WebSocketTextFrames
{
    /** FIN set, no RSV bits (no per-message compression), opcode 1 (text). */
    static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private WebSocketTextFrames()
    {
    }

    public static int headerLength(final int payloadLength)
    {
        return payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** A new buffer holding the whole frame for {@code payload[offset, offset + length)}. */
    public static ByteBuf frame(final ByteBufAllocator alloc, final byte[] payload, final int offset, final int length)
    {
        final ByteBuf frame = alloc.directBuffer(headerLength(length) + length);
        frame.writeByte(FIN_TEXT);
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
        return frame.writeBytes(payload, offset, length);
    }

    /** The payload of a whole frame written by {@link #frame}, as text; for tests and tools. */
    public static String payloadText(final ByteBuf frame)
    {
        final int start = frame.readerIndex();
        final int lengthByte = frame.getUnsignedByte(start + 1) & 0x7F;
        final int header = lengthByte < LENGTH_16 ? 2 : lengthByte == LENGTH_16 ? 4 : 10;
        return frame.toString(start + header, frame.readableBytes() - header, StandardCharsets.UTF_8);
    }
}

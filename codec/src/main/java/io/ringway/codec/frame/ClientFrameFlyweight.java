package io.ringway.codec.frame;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Client binary frame, used on raw TCP and inside WebSocket binary messages. Big-endian,
 * compatible with the seed relay protocol.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |             Frame Length (u32 BE, header included)            |
 *  +---------------+---------------+---------------+---------------+
 *  |  Version (1)  |     Type      |     Flags     |  Payload ...  |
 *  +---------------+---------------+---------------+               +
 *  |                        Payload (length - 7)                  ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Flags: {@link #FLAG_JSON} payload is UTF-8 JSON, {@link #FLAG_BINARY} opaque bytes,
 * {@link #FLAG_COMPRESSED} reserved. Ringway's commands all carry JSON payloads.
 */
public final class ClientFrameFlyweight
{
    public static final int LENGTH_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 5;
    public static final int FLAGS_OFFSET = 6;
    public static final int HEADER_LENGTH = 7;

    public static final byte CURRENT_VERSION = 1;

    public static final int FLAG_JSON = 0x01;
    public static final int FLAG_BINARY = 0x02;
    public static final int FLAG_COMPRESSED = 0x04;
    public static final int KNOWN_FLAGS = FLAG_JSON | FLAG_BINARY | FLAG_COMPRESSED;

    private DirectBuffer buffer;
    private int offset;

    public ClientFrameFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int frameLength()
    {
        return buffer.getInt(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    public int version()
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public int flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    public int payloadOffset()
    {
        return offset + HEADER_LENGTH;
    }

    public int payloadLength()
    {
        return frameLength() - HEADER_LENGTH;
    }

    /**
     * Writes a frame header in front of a payload already at {@code offset + HEADER_LENGTH}.
     *
     * @return the whole frame length.
     */
    public static int writeHeader(
        final MutableDirectBuffer buffer, final int offset, final int type, final int flags, final int payloadLength)
    {
        final int frameLength = HEADER_LENGTH + payloadLength;
        buffer.putInt(offset + LENGTH_OFFSET, frameLength, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, CURRENT_VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        return frameLength;
    }
}

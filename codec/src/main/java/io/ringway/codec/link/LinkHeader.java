package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Header of every message on the internal gateway ↔ engine link. Little-endian, 8-byte aligned
 * so the session id reads with one aligned load.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              Frame Length (i32 LE, header included)           |
 *  +---------------+---------------+-------------------------------+
 *  |  Version (1)  |     Type      |      Gateway Id (u16 LE)      |
 *  +---------------+---------------+-------------------------------+
 *  |                     Session Id (i64 LE)                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Body (type specific)                    ...
 * </pre>
 *
 * Commands (gateway → engine) have types below 0x40, events (engine → gateway) 0x40 and up.
 * Session id 0 means "no single session" (gateway-wide commands, multi-recipient events).
 */
public final class LinkHeader
{
    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 5;
    public static final int GATEWAY_ID_OFFSET = 6;
    public static final int SESSION_ID_OFFSET = 8;
    public static final int LENGTH = 16;

    public static final byte VERSION = 1;

    private LinkHeader()
    {
    }

    public static void write(
        final MutableDirectBuffer buffer, final int offset, final int frameLength, final int type,
        final int gatewayId, final long sessionId)
    {
        buffer.putInt(offset + FRAME_LENGTH_OFFSET, frameLength, LITTLE_ENDIAN);
        buffer.putByte(offset + VERSION_OFFSET, VERSION);
        buffer.putByte(offset + TYPE_OFFSET, (byte)type);
        buffer.putShort(offset + GATEWAY_ID_OFFSET, (short)gatewayId, LITTLE_ENDIAN);
        buffer.putLong(offset + SESSION_ID_OFFSET, sessionId, LITTLE_ENDIAN);
    }

    public static int frameLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FRAME_LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
    }

    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    public static int gatewayId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + GATEWAY_ID_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public static long sessionId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SESSION_ID_OFFSET, LITTLE_ENDIAN);
    }
}

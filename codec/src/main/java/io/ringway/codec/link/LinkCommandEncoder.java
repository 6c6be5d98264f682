package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringway.codec.link.LinkType.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes link commands (gateway → engine). Body layout after the {@link LinkHeader}, fields in
 * this order and present only for the types named:
 *
 * <pre>
 *  corrId  : u8 length  + bytes   JOIN, LEAVE, PUBLISH, DIRECT, TYPING, PRESENCE_QUERY   (raw JSON token of the client's "id", 0 = none)
 *  name    : u16 length + bytes   SESSION_OPEN (user), JOIN/LEAVE/PUBLISH/TYPING/PRESENCE_QUERY (room), DIRECT (to user)
 *  data    : i32 length + bytes   PUBLISH, DIRECT                (raw JSON value as the client sent it)
 *  state   : u8                   TYPING                         ({@link #TYPING_STOP} or {@link #TYPING_START})
 * </pre>
 *
 * SESSION_CLOSE and GATEWAY_RESET have an empty body. TYPING is written with {@link #encodeTyping}.
 * Stateless: every method writes one whole command.
 */
public final class LinkCommandEncoder
{
    public static final int MAX_CORR_ID_LENGTH = 0xFF;
    public static final int MAX_NAME_LENGTH = 0xFFFF;
    /** TYPING state: the user stopped typing. */
    public static final int TYPING_STOP = 0;
    /** TYPING state: the user is typing. */
    public static final int TYPING_START = 1;

    private LinkCommandEncoder()
    {
    }

    public static boolean hasCorrId(final int type)
    {
        return type == JOIN || type == LEAVE || type == PUBLISH || type == DIRECT || type == TYPING || type == PRESENCE_QUERY;
    }

    public static boolean hasName(final int type)
    {
        return type == SESSION_OPEN || hasCorrId(type);
    }

    public static boolean hasData(final int type)
    {
        return type == PUBLISH || type == DIRECT;
    }

    public static boolean hasState(final int type)
    {
        return type == TYPING;
    }

    /** @return bytes a command of this type and these field lengths needs. */
    public static int encodedLength(final int type, final int corrIdLength, final int nameLength, final int dataLength)
    {
        int length = LinkHeader.LENGTH;
        if (hasCorrId(type))
        {
            length += 1 + corrIdLength;
        }
        if (hasName(type))
        {
            length += 2 + nameLength;
        }
        if (hasData(type))
        {
            length += 4 + dataLength;
        }
        if (hasState(type))
        {
            length += 1;
        }
        return length;
    }

    /**
     * Writes one command. Fields the type does not carry are ignored (pass null / 0). A TYPING
     * written here says {@link #TYPING_STOP}; use {@link #encodeTyping}.
     *
     * @return the frame length written.
     * @throws IllegalArgumentException when a field is longer than its length prefix allows.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer name, final int nameOffset, final int nameLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        return encode(buffer, offset, type, gatewayId, sessionId, corrId, corrIdOffset, corrIdLength,
            name, nameOffset, nameLength, data, dataOffset, dataLength, TYPING_STOP);
    }

    /** TYPING: corrId, room, state ({@link #TYPING_START} or {@link #TYPING_STOP}). @return the frame length written. */
    public static int encodeTyping(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final int state)
    {
        if (state != TYPING_START && state != TYPING_STOP)
        {
            throw new IllegalArgumentException("typing state " + state);
        }
        return encode(buffer, offset, TYPING, gatewayId, sessionId, corrId, corrIdOffset, corrIdLength,
            room, roomOffset, roomLength, null, 0, 0, state);
    }

    private static int encode(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer name, final int nameOffset, final int nameLength,
        final DirectBuffer data, final int dataOffset, final int dataLength,
        final int state)
    {
        if (!isCommand(type))
        {
            throw new IllegalArgumentException("not a command type: " + type);
        }
        int position = offset + LinkHeader.LENGTH;
        if (hasCorrId(type))
        {
            if (corrIdLength < 0 || corrIdLength > MAX_CORR_ID_LENGTH)
            {
                throw new IllegalArgumentException("corrId length " + corrIdLength);
            }
            buffer.putByte(position, (byte)corrIdLength);
            position += 1;
            if (corrIdLength > 0)
            {
                buffer.putBytes(position, corrId, corrIdOffset, corrIdLength);
            }
            position += corrIdLength;
        }
        if (hasName(type))
        {
            if (nameLength < 0 || nameLength > MAX_NAME_LENGTH)
            {
                throw new IllegalArgumentException("name length " + nameLength);
            }
            buffer.putShort(position, (short)nameLength, LITTLE_ENDIAN);
            position += 2;
            if (nameLength > 0)
            {
                buffer.putBytes(position, name, nameOffset, nameLength);
            }
            position += nameLength;
        }
        if (hasData(type))
        {
            buffer.putInt(position, dataLength, LITTLE_ENDIAN);
            position += 4;
            if (dataLength > 0)
            {
                buffer.putBytes(position, data, dataOffset, dataLength);
            }
            position += dataLength;
        }
        if (hasState(type))
        {
            buffer.putByte(position, (byte)state);
            position += 1;
        }
        final int frameLength = position - offset;
        LinkHeader.write(buffer, offset, frameLength, type, gatewayId, sessionId);
        return frameLength;
    }

    /** Commands with no body: SESSION_CLOSE, GATEWAY_RESET. */
    public static int encodeEmpty(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId)
    {
        return encode(buffer, offset, type, gatewayId, sessionId, null, 0, 0, null, 0, 0, null, 0, 0);
    }
}

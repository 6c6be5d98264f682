package io.ringway.codec.link;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a link command written by {@link LinkCommandEncoder}. {@link #wrap} validates the whole
 * frame up front and resolves every field's position, so accessors are random-access and can
 * never read a field from the wrong place. Reusable; not thread-safe.
 */
public final class LinkCommandDecoder
{
    private DirectBuffer buffer;
    private int offset;
    private int frameLength;
    private int type;
    private int corrIdOffset;
    private int corrIdLength;
    private int nameOffset;
    private int nameLength;
    private int dataOffset;
    private int dataLength;
    private int state;
    private int clientMsgIdOffset;
    private int clientMsgIdLength;
    private long seq;
    private long epoch;
    private int limit;
    private int mode;

    /**
     * @return true when {@code length} bytes at {@code offset} hold one well-formed command of this version.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        corrIdLength = 0;
        nameLength = 0;
        dataLength = 0;
        state = 0;
        clientMsgIdLength = 0;
        seq = -1L;
        epoch = 0L;
        limit = 0;
        mode = 0;
        if (length < LinkHeader.LENGTH)
        {
            return false;
        }
        frameLength = LinkHeader.frameLength(buffer, offset);
        type = LinkHeader.type(buffer, offset);
        if (frameLength != length || LinkHeader.version(buffer, offset) != LinkHeader.VERSION ||
            !LinkType.isCommand(type))
        {
            return false;
        }
        final int end = offset + length;
        int position = offset + LinkHeader.LENGTH;
        if (LinkCommandEncoder.hasCorrId(type))
        {
            if (position + 1 > end)
            {
                return false;
            }
            corrIdLength = buffer.getByte(position) & 0xFF;
            corrIdOffset = position + 1;
            position = corrIdOffset + corrIdLength;
        }
        if (LinkCommandEncoder.hasName(type))
        {
            if (position + 2 > end)
            {
                return false;
            }
            nameLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            nameOffset = position + 2;
            position = nameOffset + nameLength;
        }
        if (LinkCommandEncoder.hasClientMsgId(type))
        {
            if (position + 1 > end)
            {
                return false;
            }
            clientMsgIdLength = buffer.getByte(position) & 0xFF;
            clientMsgIdOffset = position + 1;
            position = clientMsgIdOffset + clientMsgIdLength;
            if (clientMsgIdLength == 0 || clientMsgIdLength > LinkCommandEncoder.MAX_CLIENT_MSG_ID_LENGTH)
            {
                return false;
            }
        }
        if (LinkCommandEncoder.hasSeq(type))
        {
            if (position + 8 > end)
            {
                return false;
            }
            seq = buffer.getLong(position, LITTLE_ENDIAN);
            position += 8;
        }
        if (LinkCommandEncoder.hasEpoch(type))
        {
            if (position + 8 > end)
            {
                return false;
            }
            epoch = buffer.getLong(position, LITTLE_ENDIAN);
            position += 8;
        }
        if (LinkCommandEncoder.hasLimit(type))
        {
            if (position + 2 > end)
            {
                return false;
            }
            limit = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
            position += 2;
        }
        if (LinkCommandEncoder.hasMode(type))
        {
            if (position + 1 > end)
            {
                return false;
            }
            mode = buffer.getByte(position) & 0xFF;
            position += 1;
            if ((mode & ~(LinkCommandEncoder.HISTORY_AFTER | LinkCommandEncoder.HISTORY_OLDEST_FIRST)) != 0)
            {
                return false;
            }
        }
        if (LinkCommandEncoder.hasData(type))
        {
            if (position + 4 > end)
            {
                return false;
            }
            dataLength = buffer.getInt(position, LITTLE_ENDIAN);
            dataOffset = position + 4;
            if (dataLength < 0)
            {
                return false;
            }
            position = dataOffset + dataLength;
        }
        if (LinkCommandEncoder.hasState(type))
        {
            if (position + 1 > end)
            {
                return false;
            }
            state = buffer.getByte(position) & 0xFF;
            position += 1;
            if (state != LinkCommandEncoder.TYPING_START && state != LinkCommandEncoder.TYPING_STOP)
            {
                return false;
            }
        }
        return position == end;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int frameLength()
    {
        return frameLength;
    }

    public int type()
    {
        return type;
    }

    public int gatewayId()
    {
        return LinkHeader.gatewayId(buffer, offset);
    }

    public long sessionId()
    {
        return LinkHeader.sessionId(buffer, offset);
    }

    public int corrIdOffset()
    {
        return corrIdOffset;
    }

    public int corrIdLength()
    {
        return corrIdLength;
    }

    public int nameOffset()
    {
        return nameOffset;
    }

    public int nameLength()
    {
        return nameLength;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public int dataLength()
    {
        return dataLength;
    }

    /** TYPING: {@link LinkCommandEncoder#TYPING_START} or {@link LinkCommandEncoder#TYPING_STOP}; 0 for other types. */
    public int state()
    {
        return state;
    }

    /** PUBLISH_ONCE: the client's message id. */
    public int clientMsgIdOffset()
    {
        return clientMsgIdOffset;
    }

    public int clientMsgIdLength()
    {
        return clientMsgIdLength;
    }

    /** EDIT, DELETE: the target seq; HISTORY: the anchor; JOIN_RESUME: since. -1 when none (or not carried). */
    public long seq()
    {
        return seq;
    }

    /** JOIN_RESUME: the epoch the client last saw, 0 when none. */
    public long epoch()
    {
        return epoch;
    }

    /** HISTORY: the page size; JOIN_RESUME: the last N messages asked for (0: none). */
    public int limit()
    {
        return limit;
    }

    /** HISTORY: {@link LinkCommandEncoder#HISTORY_AFTER} | {@link LinkCommandEncoder#HISTORY_OLDEST_FIRST}. */
    public int mode()
    {
        return mode;
    }

    /** Allocates: for tools and tests. */
    public String clientMsgId()
    {
        return buffer.getStringWithoutLengthUtf8(clientMsgIdOffset, clientMsgIdLength);
    }

    /** Allocates: for tools and tests, not for the hot path. */
    public String name()
    {
        return buffer.getStringWithoutLengthUtf8(nameOffset, nameLength);
    }

    /** Allocates: for tools and tests. */
    public String corrId()
    {
        return buffer.getStringWithoutLengthUtf8(corrIdOffset, corrIdLength);
    }

    /** Allocates: for tools and tests. */
    public String data()
    {
        final byte[] bytes = new byte[dataLength];
        buffer.getBytes(dataOffset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

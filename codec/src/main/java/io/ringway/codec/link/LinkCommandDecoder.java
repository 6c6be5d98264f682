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

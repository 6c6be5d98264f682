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
    private int userOffset;
    private int userLength;
    private int role;
    private int titleOffset;
    private int titleLength;
    private int memberCount;
    private int membersOffset;
    private int membersLength;
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
        userLength = role = titleLength = memberCount = membersLength = 0;
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
        if (LinkCommandEncoder.hasUser(type))
        {
            if ((userLength = nameLengthAt(position, end)) < 0)
            {
                return false;
            }
            userOffset = position + 2;
            position = userOffset + userLength;
        }
        if (LinkCommandEncoder.hasRole(type))
        {
            if (position + 1 > end)
            {
                return false;
            }
            role = buffer.getByte(position) & 0xFF;
            position += 1;
            if (role != LinkCommandEncoder.ROLE_MEMBER && role != LinkCommandEncoder.ROLE_ADMIN)
            {
                return false;
            }
        }
        if (LinkCommandEncoder.hasTitleAndMembers(type))
        {
            position = readTitleAndMembers(position, end);
        }
        return position == end;
    }

    /** @return the position after the member list, or -1 when it runs past {@code end} */
    private int readTitleAndMembers(final int start, final int end)
    {
        if ((titleLength = nameLengthAt(start, end)) < 0)
        {
            return -1;
        }
        titleOffset = start + 2;
        int position = titleOffset + titleLength;
        if (position + 2 > end)
        {
            return -1;
        }
        memberCount = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        position += 2;
        membersOffset = position;
        for (int i = 0; i < memberCount; i++)
        {
            final int length = nameLengthAt(position, end);
            if (length < 0)
            {
                return -1;
            }
            position += 2 + length;
        }
        membersLength = position - membersOffset;
        return position;
    }

    /** The u16 length at {@code position}, or -1 when the prefix, or the name it announces, runs past {@code end}. */
    private int nameLengthAt(final int position, final int end)
    {
        if (position < 0 || position + 2 > end)
        {
            return -1;
        }
        final int length = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        return position + 2 + length > end ? -1 : length;
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

    /** ADD_MEMBER, REMOVE_MEMBER: the member. */
    public int userOffset()
    {
        return userOffset;
    }

    public int userLength()
    {
        return userLength;
    }

    /** ADD_MEMBER: {@link LinkCommandEncoder#ROLE_MEMBER} or {@link LinkCommandEncoder#ROLE_ADMIN}; 0 for other types. */
    public int role()
    {
        return role;
    }

    /** CREATE_GROUP: the title. */
    public int titleOffset()
    {
        return titleOffset;
    }

    public int titleLength()
    {
        return titleLength;
    }

    /** CREATE_GROUP: how many members are listed; walk them from {@link #membersOffset} with {@link #memberLength} / {@link #nextMember}. */
    public int memberCount()
    {
        return memberCount;
    }

    public int membersOffset()
    {
        return membersOffset;
    }

    /** CREATE_GROUP: the bytes of the whole member list. */
    public int membersLength()
    {
        return membersLength;
    }

    /** The length of the CREATE_GROUP member at {@code position}; its bytes start at {@code position + 2}. */
    public int memberLength(final int position)
    {
        return buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return where the member after the one at {@code position} starts. */
    public int nextMember(final int position)
    {
        return position + 2 + memberLength(position);
    }

    /** Allocates: for tools and tests. */
    public String user()
    {
        return buffer.getStringWithoutLengthUtf8(userOffset, userLength);
    }

    /** Allocates: for tools and tests. */
    public String title()
    {
        return buffer.getStringWithoutLengthUtf8(titleOffset, titleLength);
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

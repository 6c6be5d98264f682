package io.ringway.codec.link;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

import static io.ringway.codec.link.LinkEventEncoder.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a link event written by {@link LinkEventEncoder}. {@link #wrap} validates the frame and
 * resolves every field position up front, so accessors are random-access. Reusable; not thread-safe.
 */
public final class LinkEventDecoder
{
    private DirectBuffer buffer;
    private int offset;
    private int type;
    private long seq;
    private long timestampMs;
    private int errorWireId;
    private int recipientCount;
    private int recipientsOffset;
    private int corrIdOffset;
    private int corrIdLength;
    private int roomOffset;
    private int roomLength;
    private int fromOffset;
    private int fromLength;
    private int toOffset;
    private int toLength;
    private int dataOffset;
    private int dataLength;
    private int kind;
    private int userOffset;
    private int userLength;
    private int memberCount;
    private int omittedMembers;
    private int membersOffset;
    private int byOffset;
    private int byLength;
    private long msgId;
    private long changedTimestampMs;
    private int state;
    private long epoch;
    private long latestSeq;
    private long oldestSeq;
    private int status;
    private int flags;

    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        seq = NO_SEQ;
        timestampMs = 0;
        errorWireId = 0;
        recipientCount = 0;
        corrIdLength = roomLength = fromLength = toLength = dataLength = 0;
        kind = userLength = memberCount = omittedMembers = byLength = 0;
        msgId = changedTimestampMs = NO_SEQ;
        state = status = flags = 0;
        epoch = latestSeq = oldestSeq = 0;
        if (length < LinkHeader.LENGTH || LinkHeader.frameLength(buffer, offset) != length ||
            LinkHeader.version(buffer, offset) != LinkHeader.VERSION)
        {
            return false;
        }
        type = LinkHeader.type(buffer, offset);
        final int end = offset + length;
        int position;
        switch (type)
        {
            case LinkType.ACK:
                if (length < ACK_CORR_ID_OFFSET + 1)
                {
                    return false;
                }
                seq = buffer.getLong(offset + ACK_SEQ_OFFSET, LITTLE_ENDIAN);
                corrIdOffset = offset + ACK_CORR_ID_OFFSET + 1;
                corrIdLength = buffer.getByte(offset + ACK_CORR_ID_OFFSET) & 0xFF;
                return corrIdOffset + corrIdLength == end;

            case LinkType.ERROR:
                if (length < ERROR_CORR_ID_OFFSET + 1)
                {
                    return false;
                }
                errorWireId = buffer.getShort(offset + ERROR_CODE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
                corrIdOffset = offset + ERROR_CORR_ID_OFFSET + 1;
                corrIdLength = buffer.getByte(offset + ERROR_CORR_ID_OFFSET) & 0xFF;
                return corrIdOffset + corrIdLength == end;

            case LinkType.ROOM_MESSAGE:
                if (length < ROOM_RECIPIENTS_OFFSET)
                {
                    return false;
                }
                seq = buffer.getLong(offset + ROOM_SEQ_OFFSET, LITTLE_ENDIAN);
                timestampMs = buffer.getLong(offset + ROOM_TS_OFFSET, LITTLE_ENDIAN);
                position = readRecipients(offset + ROOM_COUNT_OFFSET, offset + ROOM_RECIPIENTS_OFFSET, end);
                if ((roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                if ((fromLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                fromOffset = position + 2;
                position = fromOffset + fromLength;
                if (readData(position, end))
                {
                    return true; // an older writer: no msg_id
                }
                if (!readData(position, end - 8))
                {
                    return false;
                }
                msgId = buffer.getLong(end - 8, LITTLE_ENDIAN);
                return true;

            case LinkType.ROOM_EDIT:
            case LinkType.ROOM_DELETE:
            case LinkType.ROOM_BACKLOG:
                if (length < ENTRY_RECIPIENTS_OFFSET)
                {
                    return false;
                }
                seq = buffer.getLong(offset + ENTRY_SEQ_OFFSET, LITTLE_ENDIAN);
                msgId = buffer.getLong(offset + ENTRY_MSG_ID_OFFSET, LITTLE_ENDIAN);
                timestampMs = buffer.getLong(offset + ENTRY_TS_OFFSET, LITTLE_ENDIAN);
                changedTimestampMs = buffer.getLong(offset + ENTRY_CHANGED_TS_OFFSET, LITTLE_ENDIAN);
                state = buffer.getByte(offset + ENTRY_STATE_OFFSET) & 0xFF;
                if (state > ENTRY_DELETED)
                {
                    return false;
                }
                position = readRecipients(offset + ENTRY_COUNT_OFFSET, offset + ENTRY_RECIPIENTS_OFFSET, end);
                if ((roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                if ((fromLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                fromOffset = position + 2;
                position = fromOffset + fromLength;
                return readData(position, end);

            case LinkType.JOIN_ACK:
                if (length < JOIN_ACK_CORR_ID_OFFSET + 1)
                {
                    return false;
                }
                epoch = buffer.getLong(offset + JOIN_ACK_EPOCH_OFFSET, LITTLE_ENDIAN);
                latestSeq = buffer.getLong(offset + JOIN_ACK_LATEST_OFFSET, LITTLE_ENDIAN);
                oldestSeq = buffer.getLong(offset + JOIN_ACK_OLDEST_OFFSET, LITTLE_ENDIAN);
                memberCount = buffer.getInt(offset + JOIN_ACK_BACKLOG_OFFSET, LITTLE_ENDIAN);
                status = buffer.getByte(offset + JOIN_ACK_STATUS_OFFSET) & 0xFF;
                corrIdOffset = offset + JOIN_ACK_CORR_ID_OFFSET + 1;
                corrIdLength = buffer.getByte(offset + JOIN_ACK_CORR_ID_OFFSET) & 0xFF;
                return status <= RESUME_TOO_OLD && memberCount >= 0 && corrIdOffset + corrIdLength == end;

            case LinkType.HISTORY_REPLY:
                if (length < HISTORY_CORR_ID_OFFSET + 1)
                {
                    return false;
                }
                memberCount = buffer.getInt(offset + HISTORY_COUNT_OFFSET, LITTLE_ENDIAN);
                flags = buffer.getByte(offset + HISTORY_FLAGS_OFFSET) & 0xFF;
                oldestSeq = buffer.getLong(offset + HISTORY_OLDEST_OFFSET, LITTLE_ENDIAN);
                latestSeq = buffer.getLong(offset + HISTORY_LATEST_OFFSET, LITTLE_ENDIAN);
                corrIdLength = buffer.getByte(offset + HISTORY_CORR_ID_OFFSET) & 0xFF;
                corrIdOffset = offset + HISTORY_CORR_ID_OFFSET + 1;
                position = corrIdOffset + corrIdLength;
                if (memberCount < 0 || (roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                membersOffset = position;
                for (int i = 0; i < memberCount; i++)
                {
                    if (position + HISTORY_ENTRY_FIXED + 2 > end)
                    {
                        return false;
                    }
                    final int dataAt = historyEntryFromOffset(position) + historyEntryFromLength(buffer, position);
                    if (dataAt + 4 > end)
                    {
                        return false;
                    }
                    final int dataLen = buffer.getInt(dataAt, LITTLE_ENDIAN);
                    if (dataLen < 0 || (long)dataAt + 4 + dataLen > end)
                    {
                        return false;
                    }
                    position = dataAt + 4 + dataLen;
                }
                return position == end;

            case LinkType.DIRECT_MESSAGE:
                if (length < DIRECT_RECIPIENTS_OFFSET)
                {
                    return false;
                }
                timestampMs = buffer.getLong(offset + DIRECT_TS_OFFSET, LITTLE_ENDIAN);
                position = readRecipients(offset + DIRECT_COUNT_OFFSET, offset + DIRECT_RECIPIENTS_OFFSET, end);
                if ((fromLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                fromOffset = position + 2;
                position = fromOffset + fromLength;
                if ((toLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                toOffset = position + 2;
                position = toOffset + toLength;
                return readData(position, end);

            case LinkType.ROOM_PRESENCE:
            case LinkType.ROOM_TYPING:
                if (length < NOTICE_RECIPIENTS_OFFSET)
                {
                    return false;
                }
                timestampMs = buffer.getLong(offset + NOTICE_TS_OFFSET, LITTLE_ENDIAN);
                kind = buffer.getByte(offset + NOTICE_KIND_OFFSET) & 0xFF;
                if (type == LinkType.ROOM_PRESENCE ? kind < PRESENCE_ONLINE || kind > PRESENCE_LEAVE
                    : kind != LinkCommandEncoder.TYPING_START && kind != LinkCommandEncoder.TYPING_STOP)
                {
                    return false;
                }
                position = readRecipients(offset + NOTICE_COUNT_OFFSET, offset + NOTICE_RECIPIENTS_OFFSET, end);
                if ((roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                if ((userLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                userOffset = position + 2;
                return userOffset + userLength == end;

            case LinkType.PRESENCE_REPLY:
                if (length < REPLY_CORR_ID_OFFSET + 1)
                {
                    return false;
                }
                memberCount = buffer.getInt(offset + REPLY_COUNT_OFFSET, LITTLE_ENDIAN);
                omittedMembers = Math.max(0, buffer.getInt(offset + REPLY_COUNT_OFFSET + 4, LITTLE_ENDIAN));
                corrIdLength = buffer.getByte(offset + REPLY_CORR_ID_OFFSET) & 0xFF;
                corrIdOffset = offset + REPLY_CORR_ID_OFFSET + 1;
                position = corrIdOffset + corrIdLength;
                if (memberCount < 0 || position + 2 > end)
                {
                    return false;
                }
                roomLength = buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                membersOffset = position;
                for (int i = 0; i < memberCount; i++)
                {
                    if (position + 6 > end)
                    {
                        return false;
                    }
                    position = nextMember(buffer, position);
                }
                return position == end;

            case LinkType.MEMBER_ADDED:
            case LinkType.MEMBER_REMOVED:
                if (length < NOTICE_RECIPIENTS_OFFSET)
                {
                    return false;
                }
                timestampMs = buffer.getLong(offset + NOTICE_TS_OFFSET, LITTLE_ENDIAN);
                kind = buffer.getByte(offset + NOTICE_KIND_OFFSET) & 0xFF;
                if (kind != LinkCommandEncoder.ROLE_MEMBER && kind != LinkCommandEncoder.ROLE_ADMIN &&
                    kind != LinkCommandEncoder.ROLE_OWNER)
                {
                    return false;
                }
                position = readRecipients(offset + NOTICE_COUNT_OFFSET, offset + NOTICE_RECIPIENTS_OFFSET, end);
                if ((roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                position = roomOffset + roomLength;
                if ((userLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                userOffset = position + 2;
                position = userOffset + userLength;
                if ((byLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                byOffset = position + 2;
                return byOffset + byLength == end;

            case LinkType.ROOM_ACK:
                if (length < LinkHeader.LENGTH + 1)
                {
                    return false;
                }
                corrIdLength = buffer.getByte(offset + LinkHeader.LENGTH) & 0xFF;
                corrIdOffset = offset + LinkHeader.LENGTH + 1;
                position = corrIdOffset + corrIdLength;
                if ((roomLength = nameLengthAt(position, end)) < 0)
                {
                    return false;
                }
                roomOffset = position + 2;
                return roomOffset + roomLength == end;

            default:
                return false;
        }
    }

    /**
     * Reads a recipient list: the count at {@code countAt}, the session ids from {@code listAt}.
     * @return the position just after the list, or -1 when it is negative or runs past {@code end}
     */
    private int readRecipients(final int countAt, final int listAt, final int end)
    {
        recipientCount = buffer.getInt(countAt, LITTLE_ENDIAN);
        recipientsOffset = listAt;
        if (recipientCount < 0 || (long)listAt + recipientCount * 8L > end)
        {
            return -1;
        }
        return listAt + recipientCount * 8;
    }

    /** The length of the u16-length-prefixed name at {@code position}, or -1 when the prefix (or position) is out of bounds. */
    private int nameLengthAt(final int position, final int end)
    {
        return position < 0 || position + 2 > end ? -1 : buffer.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
    }

    private boolean readData(final int position, final int end)
    {
        if (position + 4 > end)
        {
            return false;
        }
        dataLength = buffer.getInt(position, LITTLE_ENDIAN);
        dataOffset = position + 4;
        return dataLength >= 0 && dataOffset + dataLength == end;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int type()
    {
        return type;
    }

    public int gatewayId()
    {
        return LinkHeader.gatewayId(buffer, offset);
    }

    /** Target session of ACK and ERROR; 0 for multi-recipient events. */
    public long sessionId()
    {
        return LinkHeader.sessionId(buffer, offset);
    }

    public long seq()
    {
        return seq;
    }

    public long timestampMs()
    {
        return timestampMs;
    }

    public int errorWireId()
    {
        return errorWireId;
    }

    public int recipientCount()
    {
        return recipientCount;
    }

    public long recipient(final int index)
    {
        return buffer.getLong(recipientsOffset + index * 8, LITTLE_ENDIAN);
    }

    public int corrIdOffset()
    {
        return corrIdOffset;
    }

    public int corrIdLength()
    {
        return corrIdLength;
    }

    public int roomOffset()
    {
        return roomOffset;
    }

    public int roomLength()
    {
        return roomLength;
    }

    public int fromOffset()
    {
        return fromOffset;
    }

    public int fromLength()
    {
        return fromLength;
    }

    public int toOffset()
    {
        return toOffset;
    }

    public int toLength()
    {
        return toLength;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public int dataLength()
    {
        return dataLength;
    }

    /** ROOM_PRESENCE: {@code PRESENCE_ONLINE} .. {@code PRESENCE_LEAVE}; ROOM_TYPING: the typing state. */
    public int kind()
    {
        return kind;
    }

    /** ROOM_PRESENCE, ROOM_TYPING, MEMBER_ADDED, MEMBER_REMOVED: the user the event is about. */
    public int userOffset()
    {
        return userOffset;
    }

    public int userLength()
    {
        return userLength;
    }

    /** MEMBER_ADDED, MEMBER_REMOVED: the member's role ({@link LinkCommandEncoder#ROLE_MEMBER} ..). Same as {@link #kind}. */
    public int role()
    {
        return kind;
    }

    /** MEMBER_ADDED, MEMBER_REMOVED: who added or removed the member. */
    public int byOffset()
    {
        return byOffset;
    }

    public int byLength()
    {
        return byLength;
    }

    /** Allocates: for tools and tests. */
    public String by()
    {
        return buffer.getStringWithoutLengthUtf8(byOffset, byLength);
    }

    /** PRESENCE_REPLY: how many members follow. */
    public int memberCount()
    {
        return memberCount;
    }

    /** PRESENCE_REPLY: how many more members the room has than the reply lists (0: all of them). */
    public int omittedMembers()
    {
        return omittedMembers;
    }

    /** PRESENCE_REPLY: position of the first member; walk on with {@link #nextMember}. */
    public int membersOffset()
    {
        return membersOffset;
    }

    /** The connections of the PRESENCE_REPLY member at {@code position}. */
    public static int memberConnections(final DirectBuffer buffer, final int position)
    {
        return buffer.getInt(position, LITTLE_ENDIAN);
    }

    public static int memberUserOffset(final int position)
    {
        return position + 6;
    }

    public static int memberUserLength(final DirectBuffer buffer, final int position)
    {
        return buffer.getShort(position + 4, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return the position of the member after the one at {@code position}. */
    public static int nextMember(final DirectBuffer buffer, final int position)
    {
        return memberUserOffset(position) + memberUserLength(buffer, position);
    }

    /** ROOM_MESSAGE and entries: the message id (journal sequence of its PUBLISH), -1 when not carried. */
    public long msgId()
    {
        return msgId;
    }

    /** Entries: when the message was edited or deleted, -1 when never. */
    public long changedTimestampMs()
    {
        return changedTimestampMs;
    }

    /** Entries: {@code ENTRY_ORIGINAL}, {@code ENTRY_EDITED} or {@code ENTRY_DELETED}. */
    public int state()
    {
        return state;
    }

    /** JOIN_ACK: the room's epoch. */
    public long epoch()
    {
        return epoch;
    }

    /** JOIN_ACK, HISTORY_REPLY: the room's latest seq (0: none yet). */
    public long latestSeq()
    {
        return latestSeq;
    }

    /** JOIN_ACK, HISTORY_REPLY: the oldest seq kept in memory (latest + 1 when none is kept). */
    public long oldestSeq()
    {
        return oldestSeq;
    }

    /** JOIN_ACK: {@code RESUME_NONE} .. {@code RESUME_TOO_OLD}. */
    public int status()
    {
        return status;
    }

    /** JOIN_ACK: how many backlog messages were sent before it. */
    public int backlogCount()
    {
        return memberCount;
    }

    /** HISTORY_REPLY: {@code HISTORY_MORE} | {@code HISTORY_TRUNCATED}. */
    public int flags()
    {
        return flags;
    }

    /** HISTORY_REPLY: how many entries follow; walk them from {@link #membersOffset} with {@link #nextHistoryEntry}. */
    public int entryCount()
    {
        return memberCount;
    }

    public static long historyEntrySeq(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position, LITTLE_ENDIAN);
    }

    public static long historyEntryMsgId(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position + 8, LITTLE_ENDIAN);
    }

    public static long historyEntryTimestamp(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position + 16, LITTLE_ENDIAN);
    }

    public static long historyEntryChangedTimestamp(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position + 24, LITTLE_ENDIAN);
    }

    public static int historyEntryState(final DirectBuffer buffer, final int position)
    {
        return buffer.getByte(position + 32) & 0xFF;
    }

    public static int historyEntryFromOffset(final int position)
    {
        return position + HISTORY_ENTRY_FIXED + 2;
    }

    public static int historyEntryFromLength(final DirectBuffer buffer, final int position)
    {
        return buffer.getShort(position + HISTORY_ENTRY_FIXED, LITTLE_ENDIAN) & 0xFFFF;
    }

    public static int historyEntryDataOffset(final DirectBuffer buffer, final int position)
    {
        return historyEntryFromOffset(position) + historyEntryFromLength(buffer, position) + 4;
    }

    public static int historyEntryDataLength(final DirectBuffer buffer, final int position)
    {
        return buffer.getInt(historyEntryDataOffset(buffer, position) - 4, LITTLE_ENDIAN);
    }

    public static int nextHistoryEntry(final DirectBuffer buffer, final int position)
    {
        return historyEntryDataOffset(buffer, position) + historyEntryDataLength(buffer, position);
    }

    /** Allocates: for tools and tests. */
    public String room()
    {
        return buffer.getStringWithoutLengthUtf8(roomOffset, roomLength);
    }

    /** Allocates: for tools and tests. */
    public String from()
    {
        return buffer.getStringWithoutLengthUtf8(fromOffset, fromLength);
    }

    /** Allocates: for tools and tests. */
    public String user()
    {
        return buffer.getStringWithoutLengthUtf8(userOffset, userLength);
    }

    /** Allocates: for tools and tests. */
    public String to()
    {
        return buffer.getStringWithoutLengthUtf8(toOffset, toLength);
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

package io.ringway.codec.link;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes link events (engine → gateway). Bodies after the {@link LinkHeader}:
 *
 * <pre>
 *  ACK            16: seq i64 (-1 = none) | 24: corrId u8 len + bytes
 *  ERROR          16: error wire id u16   | 18: corrId u8 len + bytes
 *  ROOM_MESSAGE   16: seq i64 | 24: ts ms i64 | 32: recipient count i32 | 36: reserved i32 (0)
 *                 40: recipient session ids i64[count] | room u16+bytes | from u16+bytes | data i32+bytes
 *                 | msg_id i64 (optional trailing field: an older writer left it out)
 *  DIRECT_MESSAGE 16: ts ms i64 | 24: recipient count i32 | 28: reserved i32 (0)
 *                 32: recipient session ids i64[count] | from u16+bytes | to u16+bytes | data i32+bytes
 *  ROOM_PRESENCE  16: ts ms i64 | 24: recipient count i32 | 28: kind u8 | 29: reserved u8[3] (0)
 *                 32: recipient session ids i64[count] | room u16+bytes | user u16+bytes
 *  ROOM_TYPING    the ROOM_PRESENCE layout; kind is the typing state (0 stop, 1 start)
 *  PRESENCE_REPLY 16: member count i32 | 20: members omitted i32 (0: all listed) | 24: corrId u8 len + bytes | room u16+bytes
 *                 then per member, in join order: connections i32 | user u16+bytes
 *  MEMBER_ADDED   16: ts ms i64 | 24: recipient count i32 | 28: role u8 | 29: reserved u8[3] (0)
 *                 32: recipient session ids i64[count] | room u16+bytes | user u16+bytes | by u16+bytes
 *  MEMBER_REMOVED the MEMBER_ADDED layout; role is the one the member had
 *  ROOM_ACK       16: corrId u8 len + bytes | room u16+bytes
 *  ROOM_ENTRY     (ROOM_EDIT, ROOM_DELETE, ROOM_BACKLOG) 16: seq i64 | 24: msg_id i64 | 32: ts ms i64
 *                 40: changed ts ms i64 (-1 = never) | 48: recipient count i32 | 52: state u8 | 53: reserved u8[3] (0)
 *                 56: recipient session ids i64[count] | room u16+bytes | from u16+bytes | data i32+bytes (empty when deleted)
 *  JOIN_ACK       16: epoch i64 | 24: latest seq i64 | 32: oldest kept seq i64 | 40: backlog count i32
 *                 44: resume status u8 | 45: reserved u8[3] (0) | 48: corrId u8 len + bytes
 *  HISTORY_REPLY  16: entry count i32 | 20: flags u8 | 21: reserved u8[3] (0) | 24: oldest kept seq i64 | 32: latest seq i64
 *                 40: corrId u8 len + bytes | room u16+bytes
 *                 then per entry: seq i64 | msg_id i64 | ts i64 | changed ts i64 | state u8 | from u16+bytes | data i32+bytes
 * </pre>
 *
 * MEMBER_ADDED and MEMBER_REMOVED put their recipients at {@link #noticeRecipientOffset} too, then
 * {@link #finishMemberChange}.
 *
 * Multi-recipient events are written in two steps so the engine can stream recipients in without
 * a temporary list: put each id at {@link #roomRecipientOffset}/{@link #directRecipientOffset}/
 * {@link #noticeRecipientOffset}, then call {@link #finishRoomMessage}/{@link #finishDirectMessage}/
 * {@link #finishRoomPresence}/{@link #finishRoomTyping}. A presence reply is written front to back:
 * {@link #startPresenceReply}, {@link #putPresenceMember} per member, {@link #finishPresenceReply}.
 */
public final class LinkEventEncoder
{
    public static final int ACK_SEQ_OFFSET = LinkHeader.LENGTH;
    public static final int ACK_CORR_ID_OFFSET = ACK_SEQ_OFFSET + 8;
    public static final int ERROR_CODE_OFFSET = LinkHeader.LENGTH;
    public static final int ERROR_CORR_ID_OFFSET = ERROR_CODE_OFFSET + 2;

    public static final int ROOM_SEQ_OFFSET = LinkHeader.LENGTH;
    public static final int ROOM_TS_OFFSET = ROOM_SEQ_OFFSET + 8;
    public static final int ROOM_COUNT_OFFSET = ROOM_TS_OFFSET + 8;
    public static final int ROOM_RECIPIENTS_OFFSET = ROOM_COUNT_OFFSET + 8;

    public static final int DIRECT_TS_OFFSET = LinkHeader.LENGTH;
    public static final int DIRECT_COUNT_OFFSET = DIRECT_TS_OFFSET + 8;
    public static final int DIRECT_RECIPIENTS_OFFSET = DIRECT_COUNT_OFFSET + 8;

    public static final int NOTICE_TS_OFFSET = LinkHeader.LENGTH;
    public static final int NOTICE_COUNT_OFFSET = NOTICE_TS_OFFSET + 8;
    public static final int NOTICE_KIND_OFFSET = NOTICE_COUNT_OFFSET + 4;
    public static final int NOTICE_RECIPIENTS_OFFSET = NOTICE_COUNT_OFFSET + 8;

    public static final int REPLY_COUNT_OFFSET = LinkHeader.LENGTH;
    public static final int REPLY_CORR_ID_OFFSET = REPLY_COUNT_OFFSET + 8;

    /** ROOM_PRESENCE kind: the user's first connection opened. */
    public static final int PRESENCE_ONLINE = 1;
    /** ROOM_PRESENCE kind: the user's last connection closed. */
    public static final int PRESENCE_OFFLINE = 2;
    /** ROOM_PRESENCE kind: the user became a member of the room. */
    public static final int PRESENCE_JOIN = 3;
    /** ROOM_PRESENCE kind: the user stopped being a member of the room. */
    public static final int PRESENCE_LEAVE = 4;

    public static final long NO_SEQ = -1L;

    public static final int ENTRY_SEQ_OFFSET = LinkHeader.LENGTH;
    public static final int ENTRY_MSG_ID_OFFSET = ENTRY_SEQ_OFFSET + 8;
    public static final int ENTRY_TS_OFFSET = ENTRY_MSG_ID_OFFSET + 8;
    public static final int ENTRY_CHANGED_TS_OFFSET = ENTRY_TS_OFFSET + 8;
    public static final int ENTRY_COUNT_OFFSET = ENTRY_CHANGED_TS_OFFSET + 8;
    public static final int ENTRY_STATE_OFFSET = ENTRY_COUNT_OFFSET + 4;
    public static final int ENTRY_RECIPIENTS_OFFSET = ENTRY_COUNT_OFFSET + 8;

    public static final int JOIN_ACK_EPOCH_OFFSET = LinkHeader.LENGTH;
    public static final int JOIN_ACK_LATEST_OFFSET = JOIN_ACK_EPOCH_OFFSET + 8;
    public static final int JOIN_ACK_OLDEST_OFFSET = JOIN_ACK_LATEST_OFFSET + 8;
    public static final int JOIN_ACK_BACKLOG_OFFSET = JOIN_ACK_OLDEST_OFFSET + 8;
    public static final int JOIN_ACK_STATUS_OFFSET = JOIN_ACK_BACKLOG_OFFSET + 4;
    public static final int JOIN_ACK_CORR_ID_OFFSET = JOIN_ACK_BACKLOG_OFFSET + 8;

    public static final int HISTORY_COUNT_OFFSET = LinkHeader.LENGTH;
    public static final int HISTORY_FLAGS_OFFSET = HISTORY_COUNT_OFFSET + 4;
    public static final int HISTORY_OLDEST_OFFSET = HISTORY_COUNT_OFFSET + 8;
    public static final int HISTORY_LATEST_OFFSET = HISTORY_OLDEST_OFFSET + 8;
    public static final int HISTORY_CORR_ID_OFFSET = HISTORY_LATEST_OFFSET + 8;
    /** Bytes of one history entry before its from and data. */
    public static final int HISTORY_ENTRY_FIXED = 8 + 8 + 8 + 8 + 1;

    /** Entry state: as published. */
    public static final int ENTRY_ORIGINAL = 0;
    /** Entry state: the author replaced its data. */
    public static final int ENTRY_EDITED = 1;
    /** Entry state: a tombstone (no data). */
    public static final int ENTRY_DELETED = 2;

    /**
     * Bytes of messages one reply event carries at most: a HISTORY_REPLY's entries, a PRESENCE_REPLY's members (a
     * history page always holds at least one message). 500 messages of 64 KiB would be one 32 MB event, more than a
     * TCP link to a gateway carries (4 MiB), and its overflow resets every session on that gateway.
     */
    public static final int MAX_REPLY_BYTES = 1024 * 1024;

    /**
     * Bytes of ROOM_BACKLOG events one join sends at most: a quarter of what a TCP link to a gateway buffers (32 MiB),
     * which one burst must not overrun. Enough for a client cut off as a slow consumer to get its lane back (4,096
     * messages of 2 KiB); a longer gap is answered {@code too_old}, and read with history pages.
     */
    public static final int MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

    /** JOIN_ACK status: the join asked for no resume. */
    public static final int RESUME_NONE = 0;
    /** JOIN_ACK status: every message after {@code since} is in the backlog. */
    public static final int RESUME_RECOVERED = 1;
    /** JOIN_ACK status: the epoch differs (the journal was reset) or {@code since} is past the latest seq. */
    public static final int RESUME_EPOCH_MISMATCH = 2;
    /** JOIN_ACK status: messages after {@code since} are no longer kept in memory; nothing was sent. */
    public static final int RESUME_TOO_OLD = 3;

    /** HISTORY_REPLY flag: more entries exist in the requested direction beyond this page. */
    public static final int HISTORY_MORE = 0x01;
    /** HISTORY_REPLY flag: the requested range reached messages no longer kept in memory. */
    public static final int HISTORY_TRUNCATED = 0x02;

    private LinkEventEncoder()
    {
    }

    public static int ackLength(final int corrIdLength)
    {
        return ACK_CORR_ID_OFFSET + 1 + corrIdLength;
    }

    public static int ack(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId, final long seq,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        buffer.putLong(offset + ACK_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        final int end = putCorrId(buffer, offset + ACK_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        LinkHeader.write(buffer, offset, end - offset, LinkType.ACK, gatewayId, sessionId);
        return end - offset;
    }

    public static int errorLength(final int corrIdLength)
    {
        return ERROR_CORR_ID_OFFSET + 1 + corrIdLength;
    }

    public static int error(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final int errorWireId, final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        buffer.putShort(offset + ERROR_CODE_OFFSET, (short)errorWireId, LITTLE_ENDIAN);
        final int end = putCorrId(buffer, offset + ERROR_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        LinkHeader.write(buffer, offset, end - offset, LinkType.ERROR, gatewayId, sessionId);
        return end - offset;
    }

    public static int roomMessageLength(final int recipients, final int roomLength, final int fromLength, final int dataLength)
    {
        return ROOM_RECIPIENTS_OFFSET + recipients * 8 + 2 + roomLength + 2 + fromLength + 4 + dataLength;
    }

    /** Bytes a ROOM_MESSAGE with its trailing msg_id takes. */
    public static int roomMessageWithIdLength(final int recipients, final int roomLength, final int fromLength, final int dataLength)
    {
        return roomMessageLength(recipients, roomLength, fromLength, dataLength) + 8;
    }

    public static int roomRecipientOffset(final int offset, final int index)
    {
        return offset + ROOM_RECIPIENTS_OFFSET + index * 8;
    }

    public static int finishRoomMessage(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long seq, final long timestampMs,
        final int recipientCount,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        return finishRoomMessage(buffer, offset, gatewayId, seq, timestampMs, recipientCount,
            room, roomOffset, roomLength, from, fromOffset, fromLength, data, dataOffset, dataLength, NO_SEQ);
    }

    /**
     * A room message with its message id ({@code msgId}, the journal sequence of its PUBLISH), written as
     * the optional trailing field; {@link #NO_SEQ} leaves the field out.
     */
    public static int finishRoomMessage(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long seq, final long timestampMs,
        final int recipientCount,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength, final long msgId)
    {
        buffer.putLong(offset + ROOM_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        buffer.putLong(offset + ROOM_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + ROOM_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + ROOM_COUNT_OFFSET + 4, 0, LITTLE_ENDIAN);
        int position = offset + ROOM_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, from, fromOffset, fromLength);
        position = putData(buffer, position, data, dataOffset, dataLength);
        if (msgId != NO_SEQ)
        {
            buffer.putLong(position, msgId, LITTLE_ENDIAN);
            position += 8;
        }
        LinkHeader.write(buffer, offset, position - offset, LinkType.ROOM_MESSAGE, gatewayId, 0L);
        return position - offset;
    }

    public static int directMessageLength(final int recipients, final int fromLength, final int toLength, final int dataLength)
    {
        return DIRECT_RECIPIENTS_OFFSET + recipients * 8 + 2 + fromLength + 2 + toLength + 4 + dataLength;
    }

    public static int directRecipientOffset(final int offset, final int index)
    {
        return offset + DIRECT_RECIPIENTS_OFFSET + index * 8;
    }

    public static int finishDirectMessage(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long timestampMs,
        final int recipientCount,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer to, final int toOffset, final int toLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        buffer.putLong(offset + DIRECT_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + DIRECT_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + DIRECT_COUNT_OFFSET + 4, 0, LITTLE_ENDIAN);
        int position = offset + DIRECT_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, from, fromOffset, fromLength);
        position = putName(buffer, position, to, toOffset, toLength);
        position = putData(buffer, position, data, dataOffset, dataLength);
        LinkHeader.write(buffer, offset, position - offset, LinkType.DIRECT_MESSAGE, gatewayId, 0L);
        return position - offset;
    }

    /** Bytes of a ROOM_PRESENCE or ROOM_TYPING event. */
    public static int noticeLength(final int recipients, final int roomLength, final int userLength)
    {
        return NOTICE_RECIPIENTS_OFFSET + recipients * 8 + 2 + roomLength + 2 + userLength;
    }

    /** Where recipient {@code index} of a ROOM_PRESENCE or ROOM_TYPING event at {@code offset} goes. */
    public static int noticeRecipientOffset(final int offset, final int index)
    {
        return offset + NOTICE_RECIPIENTS_OFFSET + index * 8;
    }

    /** ROOM_PRESENCE, after the recipients: {@code kind} is {@link #PRESENCE_ONLINE} .. {@link #PRESENCE_LEAVE}. */
    public static int finishRoomPresence(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long timestampMs,
        final int recipientCount, final int kind,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        return finishNotice(buffer, offset, LinkType.ROOM_PRESENCE, gatewayId, timestampMs, recipientCount, kind,
            room, roomOffset, roomLength, user, userOffset, userLength);
    }

    /** ROOM_TYPING, after the recipients: {@code state} is {@link LinkCommandEncoder#TYPING_START} or {@link LinkCommandEncoder#TYPING_STOP}. */
    public static int finishRoomTyping(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long timestampMs,
        final int recipientCount, final int state,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        return finishNotice(buffer, offset, LinkType.ROOM_TYPING, gatewayId, timestampMs, recipientCount, state,
            room, roomOffset, roomLength, user, userOffset, userLength);
    }

    private static int finishNotice(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long timestampMs,
        final int recipientCount, final int kind,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        buffer.putLong(offset + NOTICE_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + NOTICE_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + NOTICE_KIND_OFFSET, kind & 0xFF, LITTLE_ENDIAN); // kind u8, then three reserved zero bytes
        int position = offset + NOTICE_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, user, userOffset, userLength);
        LinkHeader.write(buffer, offset, position - offset, type, gatewayId, 0L);
        return position - offset;
    }

    /** Bytes of a MEMBER_ADDED or MEMBER_REMOVED event. */
    public static int memberChangeLength(final int recipients, final int roomLength, final int userLength, final int byLength)
    {
        return noticeLength(recipients, roomLength, userLength) + 2 + byLength;
    }

    /**
     * MEMBER_ADDED or MEMBER_REMOVED ({@code type}), after the recipients: {@code user} was added or removed by {@code by},
     * {@code role} is {@link LinkCommandEncoder#ROLE_MEMBER}, {@link LinkCommandEncoder#ROLE_ADMIN} or {@link LinkCommandEncoder#ROLE_OWNER}.
     */
    public static int finishMemberChange(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long timestampMs,
        final int recipientCount, final int role,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength,
        final DirectBuffer by, final int byOffset, final int byLength)
    {
        if (type != LinkType.MEMBER_ADDED && type != LinkType.MEMBER_REMOVED)
        {
            throw new IllegalArgumentException("not MEMBER_ADDED or MEMBER_REMOVED: " + type);
        }
        buffer.putLong(offset + NOTICE_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + NOTICE_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + NOTICE_KIND_OFFSET, role & 0xFF, LITTLE_ENDIAN); // role u8, then three reserved zero bytes
        int position = offset + NOTICE_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, user, userOffset, userLength);
        position = putName(buffer, position, by, byOffset, byLength);
        LinkHeader.write(buffer, offset, position - offset, type, gatewayId, 0L);
        return position - offset;
    }

    public static int roomAckLength(final int corrIdLength, final int roomLength)
    {
        return LinkHeader.LENGTH + 1 + corrIdLength + 2 + roomLength;
    }

    /** ROOM_ACK: an ack to the header's session that names a room. */
    public static int roomAck(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength)
    {
        int position = putCorrId(buffer, offset + LinkHeader.LENGTH, corrId, corrIdOffset, corrIdLength);
        position = putName(buffer, position, room, roomOffset, roomLength);
        LinkHeader.write(buffer, offset, position - offset, LinkType.ROOM_ACK, gatewayId, sessionId);
        return position - offset;
    }

    /** Bytes of a PRESENCE_REPLY before its members. */
    public static int presenceReplyHeadLength(final int corrIdLength, final int roomLength)
    {
        return REPLY_CORR_ID_OFFSET + 1 + corrIdLength + 2 + roomLength;
    }

    /** Bytes one member of a PRESENCE_REPLY takes. */
    public static int presenceMemberLength(final int userLength)
    {
        return 4 + 2 + userLength;
    }

    /** Writes a PRESENCE_REPLY's corrId and room. @return where the first member goes. */
    public static int startPresenceReply(
        final MutableDirectBuffer buffer, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength)
    {
        final int position = putCorrId(buffer, offset + REPLY_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        return putName(buffer, position, room, roomOffset, roomLength);
    }

    /** Writes one member at {@code position}. @return where the next member goes. */
    public static int putPresenceMember(
        final MutableDirectBuffer buffer, final int position, final int connections,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        buffer.putInt(position, connections, LITTLE_ENDIAN);
        return putName(buffer, position + 4, user, userOffset, userLength);
    }

    /**
     * Completes a PRESENCE_REPLY whose last member ended at {@code end}, with {@code omittedMembers} more members
     * left out (0: the list is complete; a list is cut at {@link #MAX_REPLY_BYTES}). @return the frame length.
     */
    public static int finishPresenceReply(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final int memberCount, final int omittedMembers, final int end)
    {
        buffer.putInt(offset + REPLY_COUNT_OFFSET, memberCount, LITTLE_ENDIAN);
        buffer.putInt(offset + REPLY_COUNT_OFFSET + 4, omittedMembers, LITTLE_ENDIAN);
        LinkHeader.write(buffer, offset, end - offset, LinkType.PRESENCE_REPLY, gatewayId, sessionId);
        return end - offset;
    }

    /** Bytes of a ROOM_EDIT, ROOM_DELETE or ROOM_BACKLOG event. */
    public static int roomEntryLength(final int recipients, final int roomLength, final int fromLength, final int dataLength)
    {
        return ENTRY_RECIPIENTS_OFFSET + recipients * 8 + 2 + roomLength + 2 + fromLength + 4 + dataLength;
    }

    public static int entryRecipientOffset(final int offset, final int index)
    {
        return offset + ENTRY_RECIPIENTS_OFFSET + index * 8;
    }

    /** ROOM_EDIT, ROOM_DELETE or ROOM_BACKLOG ({@code type}), after the recipients. @return the frame length. */
    public static int finishRoomEntry(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId,
        final long seq, final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final int recipientCount,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        buffer.putLong(offset + ENTRY_SEQ_OFFSET, seq, LITTLE_ENDIAN);
        buffer.putLong(offset + ENTRY_MSG_ID_OFFSET, msgId, LITTLE_ENDIAN);
        buffer.putLong(offset + ENTRY_TS_OFFSET, timestampMs, LITTLE_ENDIAN);
        buffer.putLong(offset + ENTRY_CHANGED_TS_OFFSET, changedTimestampMs, LITTLE_ENDIAN);
        buffer.putInt(offset + ENTRY_COUNT_OFFSET, recipientCount, LITTLE_ENDIAN);
        buffer.putInt(offset + ENTRY_STATE_OFFSET, state & 0xFF, LITTLE_ENDIAN); // state u8, then three reserved zero bytes
        int position = offset + ENTRY_RECIPIENTS_OFFSET + recipientCount * 8;
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, from, fromOffset, fromLength);
        position = putData(buffer, position, data, dataOffset, dataLength);
        LinkHeader.write(buffer, offset, position - offset, type, gatewayId, 0L);
        return position - offset;
    }

    public static int joinAckLength(final int corrIdLength)
    {
        return JOIN_ACK_CORR_ID_OFFSET + 1 + corrIdLength;
    }

    /** The answer to a JOIN or JOIN_RESUME. @return the frame length. */
    public static int joinAck(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final long epoch, final long latestSeq, final long oldestSeq, final int backlogCount, final int status,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        buffer.putLong(offset + JOIN_ACK_EPOCH_OFFSET, epoch, LITTLE_ENDIAN);
        buffer.putLong(offset + JOIN_ACK_LATEST_OFFSET, latestSeq, LITTLE_ENDIAN);
        buffer.putLong(offset + JOIN_ACK_OLDEST_OFFSET, oldestSeq, LITTLE_ENDIAN);
        buffer.putInt(offset + JOIN_ACK_BACKLOG_OFFSET, backlogCount, LITTLE_ENDIAN);
        buffer.putInt(offset + JOIN_ACK_STATUS_OFFSET, status & 0xFF, LITTLE_ENDIAN);
        final int end = putCorrId(buffer, offset + JOIN_ACK_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        LinkHeader.write(buffer, offset, end - offset, LinkType.JOIN_ACK, gatewayId, sessionId);
        return end - offset;
    }

    /** Bytes of a HISTORY_REPLY before its entries. */
    public static int historyReplyHeadLength(final int corrIdLength, final int roomLength)
    {
        return HISTORY_CORR_ID_OFFSET + 1 + corrIdLength + 2 + roomLength;
    }

    public static int historyEntryLength(final int fromLength, final int dataLength)
    {
        return HISTORY_ENTRY_FIXED + 2 + fromLength + 4 + dataLength;
    }

    /** Writes a HISTORY_REPLY's corrId and room. @return where the first entry goes. */
    public static int startHistoryReply(
        final MutableDirectBuffer buffer, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength)
    {
        final int position = putCorrId(buffer, offset + HISTORY_CORR_ID_OFFSET, corrId, corrIdOffset, corrIdLength);
        return putName(buffer, position, room, roomOffset, roomLength);
    }

    /** Writes one entry at {@code position}. @return where the next entry goes. */
    public static int putHistoryEntry(
        final MutableDirectBuffer buffer, final int position,
        final long seq, final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        buffer.putLong(position, seq, LITTLE_ENDIAN);
        buffer.putLong(position + 8, msgId, LITTLE_ENDIAN);
        buffer.putLong(position + 16, timestampMs, LITTLE_ENDIAN);
        buffer.putLong(position + 24, changedTimestampMs, LITTLE_ENDIAN);
        buffer.putByte(position + 32, (byte)state);
        final int next = putName(buffer, position + HISTORY_ENTRY_FIXED, from, fromOffset, fromLength);
        return putData(buffer, next, data, dataOffset, dataLength);
    }

    /** Completes a HISTORY_REPLY whose last entry ended at {@code end}. @return the frame length. */
    public static int finishHistoryReply(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final int entryCount, final int flags, final long oldestSeq, final long latestSeq, final int end)
    {
        buffer.putInt(offset + HISTORY_COUNT_OFFSET, entryCount, LITTLE_ENDIAN);
        buffer.putInt(offset + HISTORY_FLAGS_OFFSET, flags & 0xFF, LITTLE_ENDIAN);
        buffer.putLong(offset + HISTORY_OLDEST_OFFSET, oldestSeq, LITTLE_ENDIAN);
        buffer.putLong(offset + HISTORY_LATEST_OFFSET, latestSeq, LITTLE_ENDIAN);
        LinkHeader.write(buffer, offset, end - offset, LinkType.HISTORY_REPLY, gatewayId, sessionId);
        return end - offset;
    }

    private static int putCorrId(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putByte(position, (byte)length);
        if (length > 0)
        {
            buffer.putBytes(position + 1, src, srcOffset, length);
        }
        return position + 1 + length;
    }

    private static int putName(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putShort(position, (short)length, LITTLE_ENDIAN);
        if (length > 0)
        {
            buffer.putBytes(position + 2, src, srcOffset, length);
        }
        return position + 2 + length;
    }

    private static int putData(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putInt(position, length, LITTLE_ENDIAN);
        if (length > 0)
        {
            buffer.putBytes(position + 4, src, srcOffset, length);
        }
        return position + 4 + length;
    }
}

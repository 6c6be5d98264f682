package io.ringway.codec.json;

import io.ringway.codec.ErrorCode;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Writes the JSON objects the server sends, byte by byte into a buffer: no String, no
 * generator object, no allocation. Names are UTF-8 from the engine and are escaped here;
 * {@code data} and {@code id} are raw JSON the client sent and pass through unchanged.
 *
 * <p>The same bytes are the WebSocket text frame and the payload of a binary frame, which is
 * what lets a room message be encoded once for every transport. Methods return the length
 * written; the caller provides a buffer large enough ({@link MutableDirectBuffer} implementations
 * that expand, such as {@code ExpandableArrayBuffer}, grow as needed).
 */
public final class ServerMessageWriter
{
    private static final byte[] MESSAGE_ROOM = ascii("{\"type\":\"message\",\"room\":");
    private static final byte[] MESSAGE_DIRECT = ascii("{\"type\":\"message\",\"from\":");
    private static final byte[] FROM = ascii(",\"from\":");
    private static final byte[] TO = ascii(",\"to\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] DATA = ascii(",\"data\":");
    private static final byte[] ACK = ascii("{\"type\":\"ack\"");
    private static final byte[] ERROR = ascii("{\"type\":\"error\"");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] ERROR_CODE = ascii(",\"error\":{\"code\":\"");
    private static final byte[] FRAME_ERROR_CODE = ascii("{\"code\":\"");
    private static final byte[] ERROR_MESSAGE = ascii("\",\"message\":");
    private static final byte[] AUTH_OK_TYPE = ascii("{\"type\":\"auth_ok\"");
    private static final byte[] AUTH_OK_DATA = ascii(",\"data\":{\"user\":");
    private static final byte[] PONG_TYPE = ascii("{\"type\":\"pong\"");
    private static final byte[] PRESENCE_ROOM = ascii("{\"type\":\"presence\",\"room\":");
    private static final byte[] JOIN_ROOM = ascii("{\"type\":\"join\",\"room\":");
    private static final byte[] LEAVE_ROOM = ascii("{\"type\":\"leave\",\"room\":");
    private static final byte[] TYPING_ROOM = ascii("{\"type\":\"typing\",\"room\":");
    private static final byte[] USER = ascii(",\"user\":");
    private static final byte[] STATUS_ONLINE = ascii(",\"status\":\"online\"");
    private static final byte[] STATUS_OFFLINE = ascii(",\"status\":\"offline\"");
    private static final byte[] STATE_START = ascii(",\"state\":\"start\"");
    private static final byte[] STATE_STOP = ascii(",\"state\":\"stop\"");
    private static final byte[] EXPIRES_IN_MS = ascii(",\"expires_in_ms\":");
    private static final byte[] MEMBERS = ascii(",\"members\":[");
    private static final byte[] MEMBER_USER = ascii("{\"user\":");
    private static final byte[] MEMBER_CONNECTIONS = ascii(",\"connections\":");
    private static final byte[] OMITTED = ascii(",\"omitted\":");
    private static final byte[] MEMBER_ADDED_ROOM = ascii("{\"type\":\"member_added\",\"room\":");
    private static final byte[] MEMBER_REMOVED_ROOM = ascii("{\"type\":\"member_removed\",\"room\":");
    private static final byte[] ROLE_MEMBER = ascii(",\"role\":\"member\"");
    private static final byte[] ROLE_ADMIN = ascii(",\"role\":\"admin\"");
    private static final byte[] ROLE_OWNER = ascii(",\"role\":\"owner\"");
    private static final byte[] BY = ascii(",\"by\":");
    private static final byte[] ROOM = ascii(",\"room\":");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] MSG_ID = ascii(",\"msg_id\":");
    private static final byte[] EDIT_ROOM = ascii("{\"type\":\"edit\",\"room\":");
    private static final byte[] DELETE_ROOM = ascii("{\"type\":\"delete\",\"room\":");
    private static final byte[] EDITED_TS = ascii(",\"edited_ts\":");
    private static final byte[] DELETED_TS = ascii(",\"deleted_ts\":");
    private static final byte[] DELETED = ascii(",\"deleted\":true");
    private static final byte[] EPOCH = ascii(",\"epoch\":");
    private static final byte[] OLDEST = ascii(",\"oldest\":");
    private static final byte[] BACKLOG = ascii(",\"backlog\":");
    private static final byte[] RECOVERED_TRUE = ascii(",\"recovered\":true");
    private static final byte[] RECOVERED_FALSE = ascii(",\"recovered\":false,\"reason\":\"");
    private static final byte[] HISTORY_ROOM = ascii("{\"type\":\"history\",\"room\":");
    private static final byte[] MESSAGES = ascii(",\"messages\":[");
    private static final byte[] ENTRY_SEQ = ascii("{\"seq\":");
    private static final byte[] MORE = ascii(",\"more\":");
    private static final byte[] TRUNCATED = ascii(",\"truncated\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    /** {@link #roomPresence} kinds, the link's ROOM_PRESENCE kinds. */
    public static final int PRESENCE_ONLINE = LinkEventEncoder.PRESENCE_ONLINE;
    public static final int PRESENCE_OFFLINE = LinkEventEncoder.PRESENCE_OFFLINE;
    public static final int PRESENCE_JOIN = LinkEventEncoder.PRESENCE_JOIN;
    public static final int PRESENCE_LEAVE = LinkEventEncoder.PRESENCE_LEAVE;

    private ServerMessageWriter()
    {
    }

    /**
     * {@code {"type":"message","room":R,"from":F,"seq":S,"msg_id":M,"ts":T,"data":D}}; {@code msg_id}
     * left out when {@code msgId} is negative.
     */
    public static int roomMessage(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final long seq, final long msgId, final long timestampMs,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        return roomEntry(out, offset, MESSAGE_ROOM, room, roomOffset, roomLength, from, fromOffset, fromLength,
            seq, msgId, timestampMs, LinkEventEncoder.NO_SEQ, LinkEventEncoder.ENTRY_ORIGINAL, data, dataOffset, dataLength);
    }

    /**
     * A kept message in its current state: {@code event} {@code "message"} (a join's backlog),
     * {@code "edit"} or {@code "delete"} (live changes). Edited: {@code "edited_ts":E} before {@code data};
     * deleted: {@code "deleted_ts":E,"deleted":true} and no {@code data}.
     */
    public static int roomEntry(
        final MutableDirectBuffer out, final int offset, final String event,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final long seq, final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        final byte[] head = "edit".equals(event) ? EDIT_ROOM : "delete".equals(event) ? DELETE_ROOM : MESSAGE_ROOM;
        return roomEntry(out, offset, head, room, roomOffset, roomLength, from, fromOffset, fromLength,
            seq, msgId, timestampMs, changedTimestampMs, state, data, dataOffset, dataLength);
    }

    private static int roomEntry(
        final MutableDirectBuffer out, final int offset, final byte[] head,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final long seq, final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        int p = offset;
        p = raw(out, p, head);
        p = string(out, p, room, roomOffset, roomLength);
        p = raw(out, p, FROM);
        p = string(out, p, from, fromOffset, fromLength);
        p = raw(out, p, SEQ);
        p += out.putLongAscii(p, seq);
        p = entryTail(out, p, msgId, timestampMs, changedTimestampMs, state, data, dataOffset, dataLength);
        return p - offset;
    }

    /** msg_id, ts, the change and the data of an entry, and the closing brace. */
    private static int entryTail(
        final MutableDirectBuffer out, final int position,
        final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        int p = position;
        if (msgId >= 0)
        {
            p = raw(out, p, MSG_ID);
            p += out.putLongAscii(p, msgId);
        }
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        if (state == LinkEventEncoder.ENTRY_DELETED)
        {
            p = raw(out, p, DELETED_TS);
            p += out.putLongAscii(p, changedTimestampMs);
            p = raw(out, p, DELETED);
        }
        else
        {
            if (state == LinkEventEncoder.ENTRY_EDITED)
            {
                p = raw(out, p, EDITED_TS);
                p += out.putLongAscii(p, changedTimestampMs);
            }
            p = raw(out, p, DATA);
            p = bytes(out, p, data, dataOffset, dataLength);
        }
        out.putByte(p++, (byte)'}');
        return p;
    }

    /**
     * The ack of a join that asked for a resume or a backlog:
     * {@code {"type":"ack","id":I,"epoch":E,"seq":L,"oldest":O,"backlog":N}}, then
     * {@code ,"recovered":true} or {@code ,"recovered":false,"reason":"epoch_mismatch"|"too_old"} when
     * {@code since} was given.
     */
    public static int joinAck(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final long epoch, final long latestSeq, final long oldestSeq, final int backlog, final int status)
    {
        int p = offset;
        p = raw(out, p, ACK);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, EPOCH);
        p += out.putLongAscii(p, epoch);
        p = raw(out, p, SEQ);
        p += out.putLongAscii(p, latestSeq);
        p = raw(out, p, OLDEST);
        p += out.putLongAscii(p, oldestSeq);
        p = raw(out, p, BACKLOG);
        p += out.putIntAscii(p, backlog);
        if (status == LinkEventEncoder.RESUME_RECOVERED)
        {
            p = raw(out, p, RECOVERED_TRUE);
        }
        else if (status != LinkEventEncoder.RESUME_NONE)
        {
            p = raw(out, p, RECOVERED_FALSE);
            p += out.putStringWithoutLengthAscii(p, status == LinkEventEncoder.RESUME_TOO_OLD ? "too_old" : "epoch_mismatch");
            out.putByte(p++, (byte)'"');
        }
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"history","room":R,"id":I,"messages":[} — then {@link #historyEntry} per entry, then {@link #historyEnd}. */
    public static int historyStart(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        int p = offset;
        p = raw(out, p, HISTORY_ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, MESSAGES);
        return p;
    }

    /** {@code {"seq":S,"from":F,"msg_id":M,"ts":T,...}} at {@code position}, after a comma unless first. @return the end. */
    public static int historyEntry(
        final MutableDirectBuffer out, final int position, final boolean first,
        final long seq, final long msgId, final long timestampMs, final long changedTimestampMs, final int state,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        int p = position;
        if (!first)
        {
            out.putByte(p++, (byte)',');
        }
        p = raw(out, p, ENTRY_SEQ);
        p += out.putLongAscii(p, seq);
        p = raw(out, p, FROM);
        p = string(out, p, from, fromOffset, fromLength);
        return entryTail(out, p, msgId, timestampMs, changedTimestampMs, state, data, dataOffset, dataLength);
    }

    /** {@code ],"more":B,"truncated":B,"oldest":O,"seq":L}}. @return the whole object's length from {@code offset}. */
    public static int historyEnd(
        final MutableDirectBuffer out, final int offset, final int position,
        final boolean more, final boolean truncated, final long oldestSeq, final long latestSeq)
    {
        int p = position;
        out.putByte(p++, (byte)']');
        p = raw(out, p, MORE);
        p = raw(out, p, more ? TRUE : FALSE);
        p = raw(out, p, TRUNCATED);
        p = raw(out, p, truncated ? TRUE : FALSE);
        p = raw(out, p, OLDEST);
        p += out.putLongAscii(p, oldestSeq);
        p = raw(out, p, SEQ);
        p += out.putLongAscii(p, latestSeq);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"message","room":R,"from":F,"seq":S,"ts":T,"data":D}} */
    public static int roomMessage(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final long seq, final long timestampMs,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        int p = offset;
        p = raw(out, p, MESSAGE_ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        p = raw(out, p, FROM);
        p = string(out, p, from, fromOffset, fromLength);
        p = raw(out, p, SEQ);
        p += out.putLongAscii(p, seq);
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        p = raw(out, p, DATA);
        p = bytes(out, p, data, dataOffset, dataLength);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"message","from":F,"to":U,"ts":T,"data":D}} */
    public static int directMessage(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer from, final int fromOffset, final int fromLength,
        final DirectBuffer to, final int toOffset, final int toLength,
        final long timestampMs,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        int p = offset;
        p = raw(out, p, MESSAGE_DIRECT);
        p = string(out, p, from, fromOffset, fromLength);
        p = raw(out, p, TO);
        p = string(out, p, to, toOffset, toLength);
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        p = raw(out, p, DATA);
        p = bytes(out, p, data, dataOffset, dataLength);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /**
     * A member's presence in a room changed:
     * {@code {"type":"presence","room":R,"user":U,"status":"online"|"offline","ts":T}} for
     * {@link #PRESENCE_ONLINE}/{@link #PRESENCE_OFFLINE}, {@code {"type":"join"|"leave","room":R,"user":U,"ts":T}}
     * for {@link #PRESENCE_JOIN}/{@link #PRESENCE_LEAVE}.
     */
    public static int roomPresence(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength,
        final int kind, final long timestampMs)
    {
        int p = offset;
        switch (kind)
        {
            case PRESENCE_JOIN: p = raw(out, p, JOIN_ROOM); break;
            case PRESENCE_LEAVE: p = raw(out, p, LEAVE_ROOM); break;
            default: p = raw(out, p, PRESENCE_ROOM); break;
        }
        p = string(out, p, room, roomOffset, roomLength);
        p = raw(out, p, USER);
        p = string(out, p, user, userOffset, userLength);
        if (kind == PRESENCE_ONLINE)
        {
            p = raw(out, p, STATUS_ONLINE);
        }
        else if (kind == PRESENCE_OFFLINE)
        {
            p = raw(out, p, STATUS_OFFLINE);
        }
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /**
     * {@code {"type":"typing","room":R,"user":U,"state":"start","expires_in_ms":E,"ts":T}}, or with
     * {@code "state":"stop"} and no {@code expires_in_ms} when {@code start} is false.
     */
    public static int typing(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength,
        final boolean start, final long expiresInMs, final long timestampMs)
    {
        int p = offset;
        p = raw(out, p, TYPING_ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        p = raw(out, p, USER);
        p = string(out, p, user, userOffset, userLength);
        if (start)
        {
            p = raw(out, p, STATE_START);
            p = raw(out, p, EXPIRES_IN_MS);
            p += out.putLongAscii(p, expiresInMs);
        }
        else
        {
            p = raw(out, p, STATE_STOP);
        }
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /**
     * Starts a presence reply, {@code {"type":"presence","room":R,"id":I,"members":[} (id omitted when
     * empty). Follow with {@link #presenceMember} per member and {@link #presenceReplyEnd}.
     *
     * @return the position after what was written.
     */
    public static int presenceReplyStart(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        int p = offset;
        p = raw(out, p, PRESENCE_ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        return raw(out, p, MEMBERS);
    }

    /** {@code {"user":U,"connections":N}}, after a comma unless it is the first. @return the position after it. */
    public static int presenceMember(
        final MutableDirectBuffer out, final int position, final boolean first,
        final DirectBuffer user, final int userOffset, final int userLength, final int connections)
    {
        int p = position;
        if (!first)
        {
            out.putByte(p++, (byte)',');
        }
        p = raw(out, p, MEMBER_USER);
        p = string(out, p, user, userOffset, userLength);
        p = raw(out, p, MEMBER_CONNECTIONS);
        p += out.putIntAscii(p, connections);
        out.putByte(p++, (byte)'}');
        return p;
    }

    /**
     * Closes a presence reply begun at {@code offset}, with {@code ,"omitted":N} after the members when the
     * engine left {@code omitted} members out (a list over its reply budget). @return the reply's whole length.
     */
    public static int presenceReplyEnd(final MutableDirectBuffer out, final int offset, final int position, final int omitted)
    {
        int p = position;
        out.putByte(p++, (byte)']');
        if (omitted > 0)
        {
            p = raw(out, p, OMITTED);
            p += out.putIntAscii(p, omitted);
        }
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"ack","id":I,"seq":S}}; id omitted when empty, seq when negative. */
    public static int ack(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength, final long seq)
    {
        int p = offset;
        p = raw(out, p, ACK);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        if (seq >= 0)
        {
            p = raw(out, p, SEQ);
            p += out.putLongAscii(p, seq);
        }
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /**
     * {@code {"type":"member_added","room":R,"user":U,"role":"member"|"admin"|"owner","by":B,"ts":T}}, or
     * {@code member_removed} when {@code added} is false ({@code role} is then the one the member had).
     * {@code role} is a link role ({@code LinkCommandEncoder.ROLE_MEMBER} ..).
     */
    public static int memberChange(
        final MutableDirectBuffer out, final int offset, final boolean added,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength,
        final int role,
        final DirectBuffer by, final int byOffset, final int byLength,
        final long timestampMs)
    {
        int p = offset;
        p = raw(out, p, added ? MEMBER_ADDED_ROOM : MEMBER_REMOVED_ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        p = raw(out, p, USER);
        p = string(out, p, user, userOffset, userLength);
        p = raw(out, p, role == LinkCommandEncoder.ROLE_ADMIN ? ROLE_ADMIN
            : role == LinkCommandEncoder.ROLE_OWNER ? ROLE_OWNER : ROLE_MEMBER);
        p = raw(out, p, BY);
        p = string(out, p, by, byOffset, byLength);
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"ack","id":I,"room":R}}: an ack that names a room (a private room's id); id omitted when empty. */
    public static int roomAck(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength)
    {
        int p = offset;
        p = raw(out, p, ACK);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, ROOM);
        p = string(out, p, room, roomOffset, roomLength);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"error","id":I,"error":{"code":C,"message":M}}}; id omitted when empty. */
    public static int error(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final ErrorCode code, final String message)
    {
        int p = offset;
        p = raw(out, p, ERROR);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, ERROR_CODE);
        p += out.putStringWithoutLengthAscii(p, code.code());
        p = raw(out, p, ERROR_MESSAGE);
        final byte[] text = (message == null ? code.defaultMessage() : message).getBytes(StandardCharsets.UTF_8);
        p = string(out, p, text);
        out.putByte(p++, (byte)'}');
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /**
     * Payload of a binary ERROR frame, in the seed relay protocol's shape:
     * {@code {"code":C,"message":M,"id":I}}; id omitted when empty.
     */
    public static int errorFramePayload(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final ErrorCode code, final String message)
    {
        int p = offset;
        p = raw(out, p, FRAME_ERROR_CODE);
        p += out.putStringWithoutLengthAscii(p, code.code());
        p = raw(out, p, ERROR_MESSAGE);
        final byte[] text = (message == null ? code.defaultMessage() : message).getBytes(StandardCharsets.UTF_8);
        p = string(out, p, text);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"auth_ok","data":{"user":U}}} */
    public static int authOk(final MutableDirectBuffer out, final int offset, final DirectBuffer user, final int userOffset, final int userLength)
    {
        return authOk(out, offset, null, 0, 0, user, userOffset, userLength);
    }

    /** {@code {"type":"auth_ok","id":I,"data":{"user":U}}}; id omitted when empty. */
    public static int authOk(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer user, final int userOffset, final int userLength)
    {
        int p = offset;
        p = raw(out, p, AUTH_OK_TYPE);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, AUTH_OK_DATA);
        p = string(out, p, user, userOffset, userLength);
        out.putByte(p++, (byte)'}');
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** {@code {"type":"pong","ts":T}} */
    public static int pong(final MutableDirectBuffer out, final int offset, final long timestampMs)
    {
        return pong(out, offset, null, 0, 0, timestampMs);
    }

    /** {@code {"type":"pong","id":I,"ts":T}}; id omitted when empty. */
    public static int pong(
        final MutableDirectBuffer out, final int offset,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength, final long timestampMs)
    {
        int p = offset;
        p = raw(out, p, PONG_TYPE);
        p = corrId(out, p, corrId, corrIdOffset, corrIdLength);
        p = raw(out, p, TS);
        p += out.putLongAscii(p, timestampMs);
        out.putByte(p++, (byte)'}');
        return p - offset;
    }

    /** Upper bound of the bytes {@link #string} writes for a name of {@code length} bytes. */
    public static int maxStringLength(final int length)
    {
        return 2 + length * 6;
    }

    private static int corrId(
        final MutableDirectBuffer out, final int p, final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength)
    {
        if (corrIdLength <= 0)
        {
            return p;
        }
        return bytes(out, raw(out, p, ID), corrId, corrIdOffset, corrIdLength);
    }

    private static int raw(final MutableDirectBuffer out, final int p, final byte[] bytes)
    {
        out.putBytes(p, bytes);
        return p + bytes.length;
    }

    private static int bytes(final MutableDirectBuffer out, final int p, final DirectBuffer src, final int srcOffset, final int length)
    {
        if (length > 0)
        {
            out.putBytes(p, src, srcOffset, length);
        }
        return p + length;
    }

    /** A JSON string from UTF-8 bytes: quotes, backslash and control characters escaped; other bytes as they are. */
    private static int string(final MutableDirectBuffer out, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        int p = position;
        out.putByte(p++, (byte)'"');
        for (int i = 0; i < length; i++)
        {
            p = escapedByte(out, p, src.getByte(srcOffset + i));
        }
        out.putByte(p++, (byte)'"');
        return p;
    }

    private static int string(final MutableDirectBuffer out, final int position, final byte[] src)
    {
        int p = position;
        out.putByte(p++, (byte)'"');
        for (final byte b : src)
        {
            p = escapedByte(out, p, b);
        }
        out.putByte(p++, (byte)'"');
        return p;
    }

    private static int escapedByte(final MutableDirectBuffer out, final int position, final byte b)
    {
        int p = position;
        if (b == '"' || b == '\\')
        {
            out.putByte(p++, (byte)'\\');
            out.putByte(p++, b);
        }
        else if (b >= 0 && b < 0x20)
        {
            out.putByte(p++, (byte)'\\');
            out.putByte(p++, (byte)'u');
            out.putByte(p++, (byte)'0');
            out.putByte(p++, (byte)'0');
            out.putByte(p++, HEX[b >> 4]);
            out.putByte(p++, HEX[b & 0xF]);
        }
        else
        {
            out.putByte(p++, b);
        }
        return p;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

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
 *  corrId      : u8 length  + bytes   every type but SESSION_OPEN, SESSION_CLOSE, GATEWAY_RESET (raw JSON token of the client's "id", 0 = none)
 *  name        : u16 length + bytes   SESSION_OPEN (user), DIRECT (to user), every other type with a corrId (room)
 *  clientMsgId : u8 length  + bytes   PUBLISH_ONCE                   (the client's message id, 1-64 bytes)
 *  seq         : i64                  EDIT, DELETE (target), HISTORY (anchor, -1 = the end), JOIN_RESUME (since, -1 = none)
 *  epoch       : i64                  JOIN_RESUME                    (0 = not given)
 *  limit       : u16                  HISTORY (page size), JOIN_RESUME (last N, 0 = none)
 *  mode        : u8                   HISTORY                        ({@link #HISTORY_AFTER} | {@link #HISTORY_OLDEST_FIRST})
 *  data        : i32 length + bytes   PUBLISH, DIRECT, EDIT, PUBLISH_ONCE (raw JSON value as the client sent it)
 *  state       : u8                   TYPING                         ({@link #TYPING_STOP} or {@link #TYPING_START})
 * </pre>
 *
 * The group commands carry corrId and name (the room; OPEN_PRIVATE: the other user) and then:
 *
 * <pre>
 *  CREATE_GROUP   title u16 length + bytes | member count u16 | per member: user u16 length + bytes
 *  ADD_MEMBER     user u16 length + bytes  | role u8 ({@link #ROLE_MEMBER} or {@link #ROLE_ADMIN})
 *  REMOVE_MEMBER  user u16 length + bytes
 *  OPEN_PRIVATE   nothing more
 * </pre>
 *
 * SESSION_CLOSE and GATEWAY_RESET have an empty body. TYPING is written with {@link #encodeTyping},
 * CREATE_GROUP with {@link #encodeCreateGroup}, ADD_MEMBER and REMOVE_MEMBER with {@link #encodeMemberChange},
 * the history commands with {@link #encodeHistoryCommand}.
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
    /** Group role: a member (reads and publishes). */
    public static final int ROLE_MEMBER = 0;
    /** Group role: an admin (a member who also adds and removes members). */
    public static final int ROLE_ADMIN = 1;
    /** Group role: the owner (the creator; an admin nobody removes). Never in a command: only in events. */
    public static final int ROLE_OWNER = 2;
    /** Most members a CREATE_GROUP can list (the count is a u16). */
    public static final int MAX_MEMBERS = 0xFFFF;
    /** HISTORY mode bit: the messages after the anchor (else before it). */
    public static final int HISTORY_AFTER = 0x01;
    /** HISTORY mode bit: oldest first (else newest first). */
    public static final int HISTORY_OLDEST_FIRST = 0x02;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;
    public static final int MAX_LIMIT = 0xFFFF;

    private LinkCommandEncoder()
    {
    }

    public static boolean hasCorrId(final int type)
    {
        return type == JOIN || type == LEAVE || type == PUBLISH || type == DIRECT || type == TYPING || type == PRESENCE_QUERY ||
            isGroupCommand(type) || (type >= EDIT && type <= PUBLISH_ONCE);
    }

    /** CREATE_GROUP, ADD_MEMBER, REMOVE_MEMBER, OPEN_PRIVATE. */
    public static boolean isGroupCommand(final int type)
    {
        return type == CREATE_GROUP || type == ADD_MEMBER || type == REMOVE_MEMBER || type == OPEN_PRIVATE;
    }

    /** ADD_MEMBER and REMOVE_MEMBER name a user after the room. */
    public static boolean hasUser(final int type)
    {
        return type == ADD_MEMBER || type == REMOVE_MEMBER;
    }

    public static boolean hasRole(final int type)
    {
        return type == ADD_MEMBER;
    }

    /** CREATE_GROUP: a title and the initial members. */
    public static boolean hasTitleAndMembers(final int type)
    {
        return type == CREATE_GROUP;
    }

    /** @return bytes a CREATE_GROUP needs; {@code membersLength} is the bytes of its member list (see {@link #putMember}). */
    public static int createGroupLength(final int corrIdLength, final int roomLength, final int titleLength, final int membersLength)
    {
        return LinkHeader.LENGTH + 1 + corrIdLength + 2 + roomLength + 2 + titleLength + 2 + membersLength;
    }

    /** @return bytes an ADD_MEMBER or REMOVE_MEMBER needs. */
    public static int memberChangeLength(final int type, final int corrIdLength, final int roomLength, final int userLength)
    {
        return LinkHeader.LENGTH + 1 + corrIdLength + 2 + roomLength + 2 + userLength + (hasRole(type) ? 1 : 0);
    }

    /** Appends one member of a CREATE_GROUP member list at {@code position}: u16 length + bytes. @return where the next goes. */
    public static int putMember(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer user, final int userOffset, final int userLength)
    {
        checkName(userLength);
        return putName(buffer, position, user, userOffset, userLength);
    }

    /**
     * CREATE_GROUP: {@code members} holds {@code memberCount} entries written by {@link #putMember}, {@code membersLength} bytes.
     * @return the frame length written.
     */
    public static int encodeCreateGroup(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer title, final int titleOffset, final int titleLength,
        final DirectBuffer members, final int membersOffset, final int membersLength, final int memberCount)
    {
        if (memberCount < 0 || memberCount > MAX_MEMBERS)
        {
            throw new IllegalArgumentException("member count " + memberCount);
        }
        checkName(roomLength);
        checkName(titleLength);
        int position = putCorrId(buffer, offset + LinkHeader.LENGTH, corrId, corrIdOffset, corrIdLength);
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, title, titleOffset, titleLength);
        buffer.putShort(position, (short)memberCount, LITTLE_ENDIAN);
        position += 2;
        if (membersLength > 0)
        {
            buffer.putBytes(position, members, membersOffset, membersLength);
        }
        position += membersLength;
        LinkHeader.write(buffer, offset, position - offset, CREATE_GROUP, gatewayId, sessionId);
        return position - offset;
    }

    /** ADD_MEMBER (with {@code role}) or REMOVE_MEMBER ({@code role} ignored). @return the frame length written. */
    public static int encodeMemberChange(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer user, final int userOffset, final int userLength,
        final int role)
    {
        if (!hasUser(type))
        {
            throw new IllegalArgumentException("not ADD_MEMBER or REMOVE_MEMBER: " + type);
        }
        if (hasRole(type) && role != ROLE_MEMBER && role != ROLE_ADMIN)
        {
            throw new IllegalArgumentException("role " + role);
        }
        checkName(roomLength);
        checkName(userLength);
        int position = putCorrId(buffer, offset + LinkHeader.LENGTH, corrId, corrIdOffset, corrIdLength);
        position = putName(buffer, position, room, roomOffset, roomLength);
        position = putName(buffer, position, user, userOffset, userLength);
        if (hasRole(type))
        {
            buffer.putByte(position++, (byte)role);
        }
        LinkHeader.write(buffer, offset, position - offset, type, gatewayId, sessionId);
        return position - offset;
    }

    private static void checkName(final int length)
    {
        if (length < 0 || length > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("name length " + length);
        }
    }

    private static int putCorrId(
        final MutableDirectBuffer buffer, final int position, final DirectBuffer src, final int srcOffset, final int length)
    {
        if (length < 0 || length > MAX_CORR_ID_LENGTH)
        {
            throw new IllegalArgumentException("corrId length " + length);
        }
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

    public static boolean hasClientMsgId(final int type)
    {
        return type == PUBLISH_ONCE;
    }

    public static boolean hasSeq(final int type)
    {
        return type == EDIT || type == DELETE || type == HISTORY || type == JOIN_RESUME;
    }

    public static boolean hasEpoch(final int type)
    {
        return type == JOIN_RESUME;
    }

    public static boolean hasLimit(final int type)
    {
        return type == HISTORY || type == JOIN_RESUME;
    }

    public static boolean hasMode(final int type)
    {
        return type == HISTORY;
    }

    public static boolean hasName(final int type)
    {
        return type == SESSION_OPEN || hasCorrId(type);
    }

    public static boolean hasData(final int type)
    {
        return type == PUBLISH || type == DIRECT || type == EDIT || type == PUBLISH_ONCE || type == LinkType.ENGINE_SETTINGS;
    }

    public static boolean hasState(final int type)
    {
        return type == TYPING;
    }

    /** @return bytes a command of this type and these field lengths needs. */
    public static int encodedLength(final int type, final int corrIdLength, final int nameLength, final int dataLength)
    {
        return encodedLength(type, corrIdLength, nameLength, 0, dataLength);
    }

    /** @return bytes a command of this type and these field lengths needs, a client message id included. */
    public static int encodedLength(
        final int type, final int corrIdLength, final int nameLength, final int clientMsgIdLength, final int dataLength)
    {
        int length = LinkHeader.LENGTH;
        if (hasClientMsgId(type))
        {
            length += 1 + clientMsgIdLength;
        }
        length += (hasSeq(type) ? 8 : 0) + (hasEpoch(type) ? 8 : 0) + (hasLimit(type) ? 2 : 0) + (hasMode(type) ? 1 : 0);
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
            name, nameOffset, nameLength, null, 0, 0, -1L, 0L, 0, 0, data, dataOffset, dataLength, TYPING_STOP);
    }

    /**
     * EDIT, DELETE, HISTORY, JOIN_RESUME, PUBLISH_ONCE: every field; those the type does not carry are
     * ignored (pass null / 0).
     *
     * @return the frame length written.
     * @throws IllegalArgumentException when a field is out of its range.
     */
    public static int encodeHistoryCommand(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer room, final int roomOffset, final int roomLength,
        final DirectBuffer clientMsgId, final int clientMsgIdOffset, final int clientMsgIdLength,
        final long seq, final long epoch, final int limit, final int mode,
        final DirectBuffer data, final int dataOffset, final int dataLength)
    {
        if (type < EDIT || type > PUBLISH_ONCE)
        {
            throw new IllegalArgumentException("not a history command: " + type);
        }
        return encode(buffer, offset, type, gatewayId, sessionId, corrId, corrIdOffset, corrIdLength,
            room, roomOffset, roomLength, clientMsgId, clientMsgIdOffset, clientMsgIdLength, seq, epoch, limit, mode,
            data, dataOffset, dataLength, TYPING_STOP);
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
            room, roomOffset, roomLength, null, 0, 0, -1L, 0L, 0, 0, null, 0, 0, state);
    }

    private static int encode(
        final MutableDirectBuffer buffer, final int offset, final int type, final int gatewayId, final long sessionId,
        final DirectBuffer corrId, final int corrIdOffset, final int corrIdLength,
        final DirectBuffer name, final int nameOffset, final int nameLength,
        final DirectBuffer clientMsgId, final int clientMsgIdOffset, final int clientMsgIdLength,
        final long seq, final long epoch, final int limit, final int mode,
        final DirectBuffer data, final int dataOffset, final int dataLength,
        final int state)
    {
        if (!isCommand(type))
        {
            throw new IllegalArgumentException("not a command type: " + type);
        }
        if (hasUser(type) || hasTitleAndMembers(type))
        {
            throw new IllegalArgumentException(LinkType.name(type) + " has more fields: use encodeCreateGroup or encodeMemberChange");
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
        if (hasClientMsgId(type))
        {
            if (clientMsgIdLength < 1 || clientMsgIdLength > MAX_CLIENT_MSG_ID_LENGTH)
            {
                throw new IllegalArgumentException("client message id length " + clientMsgIdLength);
            }
            buffer.putByte(position, (byte)clientMsgIdLength);
            buffer.putBytes(position + 1, clientMsgId, clientMsgIdOffset, clientMsgIdLength);
            position += 1 + clientMsgIdLength;
        }
        if (hasSeq(type))
        {
            buffer.putLong(position, seq, LITTLE_ENDIAN);
            position += 8;
        }
        if (hasEpoch(type))
        {
            buffer.putLong(position, epoch, LITTLE_ENDIAN);
            position += 8;
        }
        if (hasLimit(type))
        {
            if (limit < 0 || limit > MAX_LIMIT)
            {
                throw new IllegalArgumentException("limit " + limit);
            }
            buffer.putShort(position, (short)limit, LITTLE_ENDIAN);
            position += 2;
        }
        if (hasMode(type))
        {
            if ((mode & ~(HISTORY_AFTER | HISTORY_OLDEST_FIRST)) != 0)
            {
                throw new IllegalArgumentException("history mode " + mode);
            }
            buffer.putByte(position, (byte)mode);
            position += 1;
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

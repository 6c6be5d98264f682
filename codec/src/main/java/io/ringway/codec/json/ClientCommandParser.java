package io.ringway.codec.json;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ringway.codec.ErrorCode;
import io.ringway.codec.PrivateRoomId;
import io.ringway.codec.frame.FrameType;
import io.ringway.codec.link.LinkCommandEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;

/**
 * Reads one client command from JSON with jackson-core's streaming parser: a WebSocket text
 * frame ({@code {"type":"join","room":"lobby","id":"1"}}) or the JSON payload of a binary frame,
 * whose type comes from the frame header instead of a {@code type} field.
 *
 * <p>Strings are unescaped into the command's field buffer; {@code data} is not copied or
 * re-serialised: its exact bytes are located in the input, so what recipients get is what the
 * sender sent. The whole input is still parsed, so malformed JSON anywhere is rejected.
 *
 * <p>Allocation-free on the common path: one jackson non-blocking parser is kept and fed each
 * command in turn (jackson reads successive root-level values), instead of creating a parser,
 * its context and its buffers per message. A command that fails to parse leaves the parser
 * mid-document, so it is then dropped and a new one made: errors may allocate, successes do not.
 *
 * <p>One instance per thread; not thread-safe.
 */
public final class ClientCommandParser
{
    /** Longest room or user name, in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Longest raw {@code id} token, in bytes. */
    public static final int MAX_CORR_ID_LENGTH = 64;
    /** Longest token (auth). */
    public static final int MAX_TOKEN_LENGTH = 4096;
    /** Longest group title, in UTF-8 bytes. */
    public static final int MAX_TITLE_LENGTH = 256;
    /** Most members a {@code create_group} may list (the engine's --max-group-members may allow fewer). */
    public static final int MAX_INITIAL_MEMBERS = LinkCommandEncoder.MAX_MEMBERS;

    private static final int NONE = -1;
    private static final int STATE_START = 1;
    private static final int STATE_STOP = 2;
    private static final int STATE_INVALID = 3;
    private static final int ROLE_INVALID = -2;

    private static final WholeCommandJsonParser.Factory FACTORY = new WholeCommandJsonParser.Factory(
        new JsonFactoryBuilder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION));

    private final ClientCommand command = new ClientCommand();
    /** Reused across commands while each one parses cleanly; null after a failure. */
    private WholeCommandJsonParser reusable;
    private final UnsafeBuffer input = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer fields = command.fields;
    private int fieldsPosition;

    // Positions found while scanning, resolved into the command once the object is complete.
    private int typeFound;
    private int roomOffset;
    private int roomLength;
    private int toOffset;
    private int toLength;
    private int tokenOffset;
    private int tokenLength;
    private int userOffset;
    private int userLength;
    private boolean hasData;
    private int typingState;
    private int titleOffset;
    private int titleLength;
    private int membersOffset;
    private int membersLength;
    private int memberCount;
    private int roleFound;
    /** Integer fields of the history commands; {@link #ABSENT} until read, {@link #INVALID} when not a non-negative integer. */
    private long seqField;
    private long beforeField;
    private long afterField;
    private long sinceField;
    private long epochField;
    private long lastField;
    private long limitField;
    private int orderField;
    private static final long ABSENT = -1;
    private static final long INVALID = -2;
    private static final int ORDER_NEWEST = 1;
    private static final int ORDER_OLDEST = 2;
    private static final int ORDER_INVALID = 3;
    /** A history page or a join's {@code last}: at most this many. */
    public static final int MAX_LIMIT = 0xFFFF;
    /** A client message id: 1 to this many bytes. */
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;
    private int clientMsgIdOffset;
    private int clientMsgIdLength;

    /** Parses a WebSocket text frame: a JSON object with a {@code type}. */
    public ClientCommand parseJson(final byte[] bytes, final int offset, final int length)
    {
        return parse(NONE, bytes, offset, length);
    }

    /** Parses the JSON payload of a binary frame of {@code frameType} (see {@link FrameType}). */
    public ClientCommand parseFramePayload(final int frameType, final byte[] bytes, final int offset, final int length)
    {
        return parse(frameType, bytes, offset, length);
    }

    private ClientCommand parse(final int frameType, final byte[] bytes, final int offset, final int length)
    {
        command.reset();
        fieldsPosition = 0;
        typeFound = NONE;
        roomLength = toLength = tokenLength = userLength = NONE;
        hasData = false;
        typingState = NONE;
        titleLength = membersLength = NONE;
        memberCount = 0;
        roleFound = NONE;
        seqField = beforeField = afterField = sinceField = epochField = lastField = limitField = ABSENT;
        orderField = NONE;
        clientMsgIdLength = NONE;
        input.wrap(bytes, 0, bytes.length);

        final int end = offset + length;
        WholeCommandJsonParser parser = reusable;
        reusable = null; // given back only when this command parses to its end
        try
        {
            if (parser == null)
            {
                parser = FACTORY.newParser();
            }
            // A UTF-8 byte order mark is allowed before a command; jackson only skips one at the start of its whole stream.
            final int start = hasUtf8Bom(bytes, offset, end) ? offset + 3 : offset;
            parser.feedInput(bytes, start, end);
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return failSyntax("a command is a JSON object");
            }
            if (!readObject(parser))
            {
                return command;
            }
            final int objectEnd = parser.position();
            if (firstNonWhitespace(bytes, objectEnd, end) != end)
            {
                return failSyntax("trailing content after the command object");
            }
            if (parser.nextToken() != JsonToken.NOT_AVAILABLE) // consumes the trailing whitespace
            {
                return failSyntax("trailing content after the command object");
            }
            reusable = parser;
        }
        catch (final JsonProcessingException ex)
        {
            return failSyntax("malformed JSON");
        }
        catch (final IOException ex)
        {
            return failSyntax("unreadable command");
        }

        return frameType == NONE ? resolveJsonType() : resolveFrameType(frameType);
    }

    private boolean readObject(final WholeCommandJsonParser parser) throws IOException
    {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String field = parser.currentName(); // interned by jackson's symbol table: no allocation
            final int nameEnd = parser.position();
            final JsonToken value = parser.nextToken();
            switch (field)
            {
                case "type":
                    if (value != JsonToken.VALUE_STRING)
                    {
                        fail(ErrorCode.BAD_REQUEST, "type must be a string");
                        return false;
                    }
                    typeFound = typeOf(parser);
                    break;

                case "id":
                    if (!readCorrId(parser, value, valueStart(nameEnd)))
                    {
                        return false;
                    }
                    break;

                case "room":
                    if (value != JsonToken.VALUE_STRING)
                    {
                        fail(ErrorCode.BAD_REQUEST, "room must be a string");
                        return false;
                    }
                    roomOffset = fieldsPosition;
                    roomLength = appendString(parser);
                    break;

                case "user":
                    if (value != JsonToken.VALUE_STRING)
                    {
                        fail(ErrorCode.BAD_REQUEST, "user must be a string");
                        return false;
                    }
                    userOffset = fieldsPosition;
                    userLength = appendString(parser);
                    break;

                case "state":
                    if (value == JsonToken.VALUE_STRING)
                    {
                        typingState = stateOf(parser);
                    }
                    else
                    {
                        typingState = STATE_INVALID;
                        parser.skipChildren();
                    }
                    break;

                case "title":
                    if (value != JsonToken.VALUE_STRING)
                    {
                        fail(ErrorCode.BAD_REQUEST, "title must be a string");
                        return false;
                    }
                    titleOffset = fieldsPosition;
                    titleLength = appendString(parser);
                    break;

                case "members":
                    if (!readMembers(parser, value))
                    {
                        return false;
                    }
                    break;

                case "role":
                    if (value == JsonToken.VALUE_STRING)
                    {
                        roleFound = roleOf(parser);
                    }
                    else
                    {
                        roleFound = ROLE_INVALID;
                        parser.skipChildren();
                    }
                    break;

                case "seq":
                    seqField = readCount(parser, value);
                    break;

                case "before":
                    beforeField = readCount(parser, value);
                    break;

                case "after":
                    afterField = readCount(parser, value);
                    break;

                case "since":
                    sinceField = readCount(parser, value);
                    break;

                case "epoch":
                    epochField = readCount(parser, value);
                    break;

                case "last":
                    lastField = readCount(parser, value);
                    break;

                case "limit":
                    limitField = readCount(parser, value);
                    break;

                case "order":
                    orderField = value == JsonToken.VALUE_STRING ? orderOf(parser) : ORDER_INVALID;
                    parser.skipChildren();
                    break;

                case "client_msg_id":
                    if (value != JsonToken.VALUE_STRING)
                    {
                        fail(ErrorCode.BAD_REQUEST, "client_msg_id must be a string");
                        return false;
                    }
                    clientMsgIdOffset = fieldsPosition;
                    clientMsgIdLength = appendString(parser);
                    break;

                case "token":
                    if (!readToken(parser, value))
                    {
                        return false;
                    }
                    break;

                case "data":
                    if (!readData(parser, value, valueStart(nameEnd)))
                    {
                        return false;
                    }
                    break;

                default:
                    parser.skipChildren();
                    break;
            }
        }
        if (token != JsonToken.END_OBJECT)
        {
            failSyntax("malformed JSON");
            return false;
        }
        return true;
    }

    /** Where a field's value starts: past the name's closing quote, whitespace, the colon and whitespace (jackson validated them). */
    private int valueStart(final int nameEnd)
    {
        int i = nameEnd;
        while (isJsonWhitespace(input.getByte(i)) || input.getByte(i) == ':')
        {
            i++;
        }
        return i;
    }

    private boolean readCorrId(final WholeCommandJsonParser parser, final JsonToken value, final int start)
        throws IOException
    {
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT)
        {
            fail(ErrorCode.BAD_REQUEST, "id must be a string or an integer");
            return false;
        }
        parser.finishToken();
        final int end = parser.position();
        final int length = end - start;
        if (length > MAX_CORR_ID_LENGTH)
        {
            fail(ErrorCode.BAD_REQUEST, "id longer than " + MAX_CORR_ID_LENGTH + " bytes");
            return false;
        }
        command.corrIdOffset = fieldsPosition;
        command.corrIdLength = length;
        fields.putBytes(fieldsPosition, input, start, length);
        fieldsPosition += length;
        return true;
    }

    /** {@code members}: an array of user ids, written to the fields in the link's member-list layout (u16 LE length + bytes). */
    private boolean readMembers(final JsonParser parser, final JsonToken value) throws IOException
    {
        if (value != JsonToken.START_ARRAY)
        {
            fail(ErrorCode.BAD_REQUEST, "members must be an array of user ids");
            return false;
        }
        membersOffset = fieldsPosition;
        memberCount = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING)
        {
            final int lengthAt = fieldsPosition;
            fieldsPosition += 2;
            final int length = appendString(parser);
            if (!isValidName(length))
            {
                fail(ErrorCode.BAD_REQUEST, "each member must be 1 to " + MAX_NAME_LENGTH + " bytes");
                return false;
            }
            if (++memberCount > MAX_INITIAL_MEMBERS)
            {
                fail(ErrorCode.BAD_REQUEST, "at most " + MAX_INITIAL_MEMBERS + " members");
                return false;
            }
            fields.putShort(lengthAt, (short)length, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        if (token != JsonToken.END_ARRAY)
        {
            if (token == null || token == JsonToken.NOT_AVAILABLE)
            {
                failSyntax("malformed JSON");
            }
            else
            {
                fail(ErrorCode.BAD_REQUEST, "members must be an array of user ids");
            }
            return false;
        }
        membersLength = fieldsPosition - membersOffset;
        return true;
    }

    private boolean readToken(final JsonParser parser, final JsonToken value) throws IOException
    {
        if (value != JsonToken.VALUE_STRING)
        {
            fail(ErrorCode.BAD_REQUEST, "token must be a string");
            return false;
        }
        tokenOffset = fieldsPosition;
        tokenLength = appendString(parser);
        return true;
    }

    private boolean readData(final WholeCommandJsonParser parser, final JsonToken value, final int start)
        throws IOException
    {
        if (value == JsonToken.START_OBJECT)
        {
            // Look one level deep for the fields a direct message and an auth carry; skip everything else.
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
            {
                final String field = parser.currentName();
                final JsonToken fieldValue = parser.nextToken();
                if ("to".equals(field) && fieldValue == JsonToken.VALUE_STRING)
                {
                    toOffset = fieldsPosition;
                    toLength = appendString(parser);
                }
                else if ("token".equals(field) && fieldValue == JsonToken.VALUE_STRING)
                {
                    tokenOffset = fieldsPosition;
                    tokenLength = appendString(parser);
                }
                else
                {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT)
            {
                failSyntax("malformed JSON");
                return false;
            }
        }
        else if (value == JsonToken.START_ARRAY)
        {
            parser.skipChildren();
        }
        else
        {
            parser.finishToken();
        }
        final int end = parser.position();
        command.data = input;
        command.dataOffset = start;
        command.dataLength = end - start;
        hasData = true;
        return true;
    }

    /** A non-negative integer field's value, or {@link #INVALID} (any other value, skipped). */
    private static long readCount(final WholeCommandJsonParser parser, final JsonToken value) throws IOException
    {
        if (value != JsonToken.VALUE_NUMBER_INT)
        {
            parser.skipChildren();
            return INVALID;
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
        {
            return INVALID;
        }
        final long v = parser.getLongValue();
        return v < 0 ? INVALID : v;
    }

    private static int orderOf(final JsonParser parser) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        if (equals(chars, offset, length, "newest"))
        {
            return ORDER_NEWEST;
        }
        if (equals(chars, offset, length, "oldest"))
        {
            return ORDER_OLDEST;
        }
        return ORDER_INVALID;
    }

    private ClientCommand resolveJsonType()
    {
        switch (typeFound)
        {
            case NONE:
                return fail(ErrorCode.BAD_REQUEST, "missing field: type");
            case TYPE_AUTH:
                return resolveAuth();
            case TYPE_PING:
                command.kind = ClientCommand.Kind.PING;
                return command;
            case TYPE_JOIN:
                return resolveJoin();
            case TYPE_LEAVE:
                return resolveRoomCommand(ClientCommand.Kind.LEAVE);
            case TYPE_EDIT:
                return resolveEdit(ClientCommand.Kind.EDIT);
            case TYPE_DELETE:
                return resolveEdit(ClientCommand.Kind.DELETE);
            case TYPE_HISTORY:
                return resolveHistory();
            case TYPE_PUBLISH:
                return resolveMessage(true);
            case TYPE_MESSAGE:
                return resolveMessage(false);
            case TYPE_TYPING:
                return resolveTyping();
            case TYPE_PRESENCE:
                return resolveRoomCommand(ClientCommand.Kind.PRESENCE);
            case TYPE_CREATE_GROUP:
                return resolveCreateGroup();
            case TYPE_ADD_MEMBER:
                return resolveMemberChange(ClientCommand.Kind.ADD_MEMBER);
            case TYPE_REMOVE_MEMBER:
                return resolveMemberChange(ClientCommand.Kind.REMOVE_MEMBER);
            case TYPE_PRIVATE:
                return resolvePrivate();
            default:
                return fail(ErrorCode.UNKNOWN_TYPE, "unknown command type");
        }
    }

    private ClientCommand resolveFrameType(final int frameType)
    {
        switch (frameType)
        {
            case FrameType.HELLO:
                return resolveAuth();
            case FrameType.JOIN_ROOM:
                return resolveJoin();
            case FrameType.EDIT:
                return resolveEdit(ClientCommand.Kind.EDIT);
            case FrameType.DELETE:
                return resolveEdit(ClientCommand.Kind.DELETE);
            case FrameType.HISTORY:
                return resolveHistory();
            case FrameType.LEAVE_ROOM:
                return resolveRoomCommand(ClientCommand.Kind.LEAVE);
            case FrameType.MESSAGE:
                return resolveMessage(false);
            case FrameType.TYPING:
                return resolveTyping();
            case FrameType.PRESENCE:
                return resolveRoomCommand(ClientCommand.Kind.PRESENCE);
            case FrameType.CREATE_GROUP:
                return resolveCreateGroup();
            case FrameType.ADD_MEMBER:
                return resolveMemberChange(ClientCommand.Kind.ADD_MEMBER);
            case FrameType.REMOVE_MEMBER:
                return resolveMemberChange(ClientCommand.Kind.REMOVE_MEMBER);
            case FrameType.PRIVATE:
                return resolvePrivate();
            default:
                return fail(ErrorCode.UNKNOWN_TYPE, "frame type carries no command");
        }
    }

    private ClientCommand resolveAuth()
    {
        command.kind = ClientCommand.Kind.AUTH;
        if (tokenLength != NONE)
        {
            if (tokenLength == 0 || tokenLength > MAX_TOKEN_LENGTH)
            {
                return fail(ErrorCode.BAD_REQUEST, "token must be 1 to " + MAX_TOKEN_LENGTH + " bytes");
            }
            command.nameOffset = tokenOffset;
            command.nameLength = tokenLength;
            command.nameIsToken = true;
            return command;
        }
        if (userLength != NONE)
        {
            if (!isValidName(userLength))
            {
                return fail(ErrorCode.BAD_REQUEST, "user must be 1 to " + MAX_NAME_LENGTH + " bytes");
            }
            command.nameOffset = userOffset;
            command.nameLength = userLength;
            return command;
        }
        return fail(ErrorCode.BAD_REQUEST, "missing field: token");
    }

    private ClientCommand resolveRoomCommand(final ClientCommand.Kind kind)
    {
        command.kind = kind;
        if (roomLength == NONE)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: room");
        }
        if (!isValidRoom(roomOffset, roomLength))
        {
            return fail(ErrorCode.BAD_REQUEST, "room must be 1 to " + MAX_NAME_LENGTH + " bytes");
        }
        command.nameOffset = roomOffset;
        command.nameLength = roomLength;
        return command;
    }

    /** {@code create_group}: a room, an optional title (empty) and optional members (none); the sender is the owner. */
    private ClientCommand resolveCreateGroup()
    {
        resolveRoomCommand(ClientCommand.Kind.CREATE_GROUP);
        if (titleLength != NONE)
        {
            if (titleLength > MAX_TITLE_LENGTH)
            {
                return fail(ErrorCode.BAD_REQUEST, "title longer than " + MAX_TITLE_LENGTH + " bytes");
            }
            command.titleOffset = titleOffset;
            command.titleLength = titleLength;
        }
        if (membersLength != NONE)
        {
            command.membersOffset = membersOffset;
            command.membersLength = membersLength;
            command.memberCount = memberCount;
        }
        return command;
    }

    /** {@code add_member} (with an optional {@code role}, {@code "member"} by default) and {@code remove_member}: a room and a user. */
    private ClientCommand resolveMemberChange(final ClientCommand.Kind kind)
    {
        resolveRoomCommand(kind);
        if (userLength == NONE)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: user");
        }
        if (!isValidName(userLength))
        {
            return fail(ErrorCode.BAD_REQUEST, "user must be 1 to " + MAX_NAME_LENGTH + " bytes");
        }
        command.userOffset = userOffset;
        command.userLength = userLength;
        if (kind == ClientCommand.Kind.ADD_MEMBER)
        {
            if (roleFound == ROLE_INVALID)
            {
                return fail(ErrorCode.BAD_REQUEST, "role must be \"member\" or \"admin\"");
            }
            command.role = roleFound == NONE ? LinkCommandEncoder.ROLE_MEMBER : roleFound;
        }
        return command;
    }

    /** {@code private}: the other user of the pair, in the name. */
    private ClientCommand resolvePrivate()
    {
        command.kind = ClientCommand.Kind.PRIVATE;
        if (userLength == NONE)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: user");
        }
        if (!isValidName(userLength))
        {
            return fail(ErrorCode.BAD_REQUEST, "user must be 1 to " + MAX_NAME_LENGTH + " bytes");
        }
        command.nameOffset = userOffset;
        command.nameLength = userLength;
        return command;
    }

    /** {@code join}: a room; {@code since}, {@code epoch} and {@code last} make it a resume. */
    private ClientCommand resolveJoin()
    {
        resolveRoomCommand(ClientCommand.Kind.JOIN);
        if (sinceField == INVALID || epochField == INVALID || lastField == INVALID)
        {
            return fail(ErrorCode.BAD_REQUEST, "since, epoch and last must be non-negative integers");
        }
        if (lastField > MAX_LIMIT)
        {
            return fail(ErrorCode.BAD_REQUEST, "last must be at most " + MAX_LIMIT);
        }
        if (epochField != ABSENT && sinceField == ABSENT)
        {
            return fail(ErrorCode.BAD_REQUEST, "epoch needs since");
        }
        command.resume = sinceField != ABSENT || lastField != ABSENT;
        command.seq = sinceField;
        command.epoch = epochField == ABSENT ? 0 : epochField;
        command.limit = lastField == ABSENT ? 0 : (int)lastField;
        return command;
    }

    /** {@code edit} (a room, a seq and data) and {@code delete} (a room and a seq). */
    private ClientCommand resolveEdit(final ClientCommand.Kind kind)
    {
        resolveRoomCommand(kind);
        if (seqField == ABSENT)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: seq");
        }
        if (seqField < 1)
        {
            return fail(ErrorCode.BAD_REQUEST, "seq must be a positive integer");
        }
        if (kind == ClientCommand.Kind.EDIT && !hasData)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: data");
        }
        command.seq = seqField;
        return command;
    }

    /** {@code history}: a room, {@code before} or {@code after} (else the newest), {@code limit}, {@code order}. */
    private ClientCommand resolveHistory()
    {
        resolveRoomCommand(ClientCommand.Kind.HISTORY);
        if (beforeField == INVALID || afterField == INVALID || limitField == INVALID)
        {
            return fail(ErrorCode.BAD_REQUEST, "before, after and limit must be non-negative integers");
        }
        if (beforeField != ABSENT && afterField != ABSENT)
        {
            return fail(ErrorCode.BAD_REQUEST, "give before or after, not both");
        }
        if (limitField > MAX_LIMIT)
        {
            return fail(ErrorCode.BAD_REQUEST, "limit must be at most " + MAX_LIMIT);
        }
        if (orderField == ORDER_INVALID)
        {
            return fail(ErrorCode.BAD_REQUEST, "order must be \"newest\" or \"oldest\"");
        }
        final boolean after = afterField != ABSENT;
        final boolean oldestFirst = orderField == NONE ? after : orderField == ORDER_OLDEST;
        command.seq = after ? afterField : beforeField;
        command.limit = limitField == ABSENT ? 0 : (int)limitField;
        command.historyMode = (after ? LinkCommandEncoder.HISTORY_AFTER : 0) | (oldestFirst ? LinkCommandEncoder.HISTORY_OLDEST_FIRST : 0);
        return command;
    }

    /** {@code typing}: a room, and {@code state} {@code "start"} (the default) or {@code "stop"}. */
    private ClientCommand resolveTyping()
    {
        resolveRoomCommand(ClientCommand.Kind.TYPING);
        if (typingState == STATE_INVALID)
        {
            return fail(ErrorCode.BAD_REQUEST, "state must be \"start\" or \"stop\"");
        }
        command.typingStart = typingState != STATE_STOP;
        return command;
    }

    /** {@code publish} needs a room; {@code message} is a room publish with a room, else a direct message. */
    private ClientCommand resolveMessage(final boolean roomRequired)
    {
        if (!hasData)
        {
            command.kind = roomRequired || roomLength != NONE ? ClientCommand.Kind.PUBLISH : ClientCommand.Kind.DIRECT;
            return fail(ErrorCode.BAD_REQUEST, "missing field: data");
        }
        if (roomRequired || roomLength != NONE)
        {
            resolveRoomCommand(ClientCommand.Kind.PUBLISH);
            if (clientMsgIdLength != NONE)
            {
                if (clientMsgIdLength < 1 || clientMsgIdLength > MAX_CLIENT_MSG_ID_LENGTH)
                {
                    return fail(ErrorCode.BAD_REQUEST, "client_msg_id must be 1 to " + MAX_CLIENT_MSG_ID_LENGTH + " bytes");
                }
                command.clientMsgIdOffset = clientMsgIdOffset;
                command.clientMsgIdLength = clientMsgIdLength;
            }
            return command;
        }
        command.kind = ClientCommand.Kind.DIRECT;
        if (toLength == NONE)
        {
            return fail(ErrorCode.BAD_REQUEST, "missing field: room or data.to");
        }
        if (!isValidName(toLength))
        {
            return fail(ErrorCode.BAD_REQUEST, "data.to must be 1 to " + MAX_NAME_LENGTH + " bytes");
        }
        command.nameOffset = toOffset;
        command.nameLength = toLength;
        return command;
    }

    private static int firstNonWhitespace(final byte[] bytes, final int from, final int end)
    {
        int i = from;
        while (i < end && isJsonWhitespace(bytes[i]))
        {
            i++;
        }
        return i;
    }

    private static boolean hasUtf8Bom(final byte[] bytes, final int offset, final int end)
    {
        return end - offset >= 3 && bytes[offset] == (byte)0xEF && bytes[offset + 1] == (byte)0xBB && bytes[offset + 2] == (byte)0xBF;
    }

    private static boolean isJsonWhitespace(final byte b)
    {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean isValidName(final int length)
    {
        return length > 0 && length <= MAX_NAME_LENGTH;
    }

    /** A room name, or a private room's id, which holds two user ids and so may be longer ({@link PrivateRoomId}). */
    private boolean isValidRoom(final int offset, final int length)
    {
        return isValidName(length) ||
            length <= PrivateRoomId.MAX_CLIENT_LENGTH && PrivateRoomId.isReserved(fields, offset, length);
    }

    /** The bytes are not one UTF-8 JSON object: unlike a missing field, the binary protocol closes the connection for it. */
    private ClientCommand failSyntax(final String message)
    {
        if (command.error == null)
        {
            command.malformed = true;
        }
        return fail(ErrorCode.BAD_REQUEST, message);
    }

    private ClientCommand fail(final ErrorCode code, final String message)
    {
        if (command.error == null)
        {
            command.error = code;
            command.errorMessage = message;
        }
        return command;
    }

    /** Appends the current string token, UTF-8 encoded, to the field buffer without creating a String. */
    private int appendString(final JsonParser parser) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        final int start = fieldsPosition;
        fieldsPosition = Utf8.encode(chars, offset, length, fields, fieldsPosition);
        return fieldsPosition - start;
    }

    private static final int TYPE_UNKNOWN = 0;
    private static final int TYPE_AUTH = 1;
    private static final int TYPE_PING = 2;
    private static final int TYPE_JOIN = 3;
    private static final int TYPE_LEAVE = 4;
    private static final int TYPE_PUBLISH = 5;
    private static final int TYPE_MESSAGE = 6;
    private static final int TYPE_TYPING = 7;
    private static final int TYPE_PRESENCE = 8;
    private static final int TYPE_CREATE_GROUP = 9;
    private static final int TYPE_ADD_MEMBER = 10;
    private static final int TYPE_REMOVE_MEMBER = 11;
    private static final int TYPE_PRIVATE = 12;

    private static int roleOf(final JsonParser parser) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        if (equals(chars, offset, length, "member"))
        {
            return LinkCommandEncoder.ROLE_MEMBER;
        }
        if (equals(chars, offset, length, "admin"))
        {
            return LinkCommandEncoder.ROLE_ADMIN;
        }
        return ROLE_INVALID;
    }

    private static final int TYPE_EDIT = 13;
    private static final int TYPE_DELETE = 14;
    private static final int TYPE_HISTORY = 15;

    private static int stateOf(final JsonParser parser) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        if (equals(chars, offset, length, "start"))
        {
            return STATE_START;
        }
        if (equals(chars, offset, length, "stop"))
        {
            return STATE_STOP;
        }
        return STATE_INVALID;
    }

    private static int typeOf(final JsonParser parser) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        if (equals(chars, offset, length, "publish"))
        {
            return TYPE_PUBLISH;
        }
        if (equals(chars, offset, length, "message"))
        {
            return TYPE_MESSAGE;
        }
        if (equals(chars, offset, length, "typing"))
        {
            return TYPE_TYPING;
        }
        if (equals(chars, offset, length, "join"))
        {
            return TYPE_JOIN;
        }
        if (equals(chars, offset, length, "leave"))
        {
            return TYPE_LEAVE;
        }
        if (equals(chars, offset, length, "ping"))
        {
            return TYPE_PING;
        }
        if (equals(chars, offset, length, "auth"))
        {
            return TYPE_AUTH;
        }
        if (equals(chars, offset, length, "presence"))
        {
            return TYPE_PRESENCE;
        }
        if (equals(chars, offset, length, "create_group"))
        {
            return TYPE_CREATE_GROUP;
        }
        if (equals(chars, offset, length, "add_member"))
        {
            return TYPE_ADD_MEMBER;
        }
        if (equals(chars, offset, length, "remove_member"))
        {
            return TYPE_REMOVE_MEMBER;
        }
        if (equals(chars, offset, length, "private"))
        {
            return TYPE_PRIVATE;
        }
        if (equals(chars, offset, length, "edit"))
        {
            return TYPE_EDIT;
        }
        if (equals(chars, offset, length, "delete"))
        {
            return TYPE_DELETE;
        }
        if (equals(chars, offset, length, "history"))
        {
            return TYPE_HISTORY;
        }
        return TYPE_UNKNOWN;
    }

    private static boolean equals(final char[] chars, final int offset, final int length, final String expected)
    {
        if (length != expected.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (chars[offset + i] != expected.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}

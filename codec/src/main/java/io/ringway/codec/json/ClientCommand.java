package io.ringway.codec.json;

import io.ringway.codec.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One parsed client command, the output of {@link ClientCommandParser}. Reused for every
 * command a parser reads: read it before the next parse. Field bytes live in {@link #fields()}
 * (unescaped UTF-8), the {@code data} value stays in the caller's input, untouched.
 */
public final class ClientCommand
{
    public enum Kind
    {
        /** {@code auth} (JSON) or HELLO (binary): {@link #nameLength()} holds the token or user. */
        AUTH,
        PING,
        JOIN,
        LEAVE,
        PUBLISH,
        DIRECT,
        /** {@code typing} (JSON) or TYPING (binary): {@link #typingStart()} says start or stop. */
        TYPING,
        /** {@code presence} (JSON) or PRESENCE (binary): who is in the room. */
        PRESENCE,
        /** {@code create_group}: room, {@link #titleLength()}, {@link #memberCount()} members. */
        CREATE_GROUP,
        /** {@code add_member}: room, {@link #userLength()} the member, {@link #role()}. */
        ADD_MEMBER,
        /** {@code remove_member}: room, {@link #userLength()} the member. */
        REMOVE_MEMBER,
        /** {@code private}: {@link #nameLength()} holds the other user. */
        PRIVATE,
        /** {@code edit}: {@link #seq()} and {@code data}. */
        EDIT,
        /** {@code delete}: {@link #seq()}. */
        DELETE,
        /** {@code history}: anchor {@link #seq()} (-1: the end), {@link #limit()}, {@link #historyMode()}. */
        HISTORY
    }

    final ExpandableArrayBuffer fields = new ExpandableArrayBuffer(256);
    Kind kind;
    ErrorCode error;
    String errorMessage;
    boolean malformed;
    int corrIdOffset;
    int corrIdLength;
    int nameOffset;
    int nameLength;
    /** HELLO carries either a user (dev mode) or a token; true for a token. */
    boolean nameIsToken;
    /** TYPING: true for {@code "start"}, false for {@code "stop"}. */
    boolean typingStart;
    DirectBuffer data;
    int dataOffset;
    int dataLength;
    int userOffset;
    int userLength;
    int role;
    int titleOffset;
    int titleLength;
    int membersOffset;
    int membersLength;
    int memberCount;
    long seq;
    long epoch;
    int limit;
    int historyMode;
    boolean resume;
    int clientMsgIdOffset;
    int clientMsgIdLength;

    void reset()
    {
        seq = -1;
        epoch = 0;
        limit = 0;
        historyMode = 0;
        resume = false;
        clientMsgIdOffset = clientMsgIdLength = 0;
        kind = null;
        error = null;
        errorMessage = null;
        malformed = false;
        corrIdOffset = corrIdLength = 0;
        nameOffset = nameLength = 0;
        nameIsToken = false;
        typingStart = false;
        data = null;
        dataOffset = dataLength = 0;
        userOffset = userLength = role = 0;
        titleOffset = titleLength = 0;
        membersOffset = membersLength = memberCount = 0;
    }

    /** @return true when the command parsed and validated; otherwise see {@link #error()}. */
    public boolean isValid()
    {
        return error == null;
    }

    public Kind kind()
    {
        return kind;
    }

    /** True when the input was not a well-formed UTF-8 JSON object at all (a subset of invalid commands). */
    public boolean isMalformed()
    {
        return malformed;
    }

    public ErrorCode error()
    {
        return error;
    }

    public String errorMessage()
    {
        return errorMessage;
    }

    public DirectBuffer fields()
    {
        return fields;
    }

    /** Raw JSON token of the client's {@code id} (e.g. {@code "7"} with its quotes, or {@code 7}), empty when absent. */
    public int corrIdOffset()
    {
        return corrIdOffset;
    }

    public int corrIdLength()
    {
        return corrIdLength;
    }

    /** TYPING: true when the user started (or still is) typing, false when they stopped. */
    public boolean typingStart()
    {
        return typingStart;
    }

    /** Room (JOIN, LEAVE, PUBLISH, TYPING, PRESENCE), recipient user (DIRECT), token or user (AUTH). */
    public int nameOffset()
    {
        return nameOffset;
    }

    public int nameLength()
    {
        return nameLength;
    }

    public boolean nameIsToken()
    {
        return nameIsToken;
    }

    /** The buffer holding the raw {@code data} JSON value: the parser's input. */
    public DirectBuffer data()
    {
        return data;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public int dataLength()
    {
        return dataLength;
    }

    /** ADD_MEMBER, REMOVE_MEMBER: the member, in {@link #fields()}. */
    public int userOffset()
    {
        return userOffset;
    }

    public int userLength()
    {
        return userLength;
    }

    /** ADD_MEMBER: {@code LinkCommandEncoder.ROLE_MEMBER} (the default) or {@code ROLE_ADMIN}. */
    public int role()
    {
        return role;
    }

    /** CREATE_GROUP: the title (empty when none), in {@link #fields()}. */
    public int titleOffset()
    {
        return titleOffset;
    }

    public int titleLength()
    {
        return titleLength;
    }

    /**
     * CREATE_GROUP: the members, in {@link #fields()}, already in the link's member-list layout
     * (u16 LE length + UTF-8 bytes each), {@link #membersLength()} bytes in all.
     */
    public int membersOffset()
    {
        return membersOffset;
    }

    public int membersLength()
    {
        return membersLength;
    }

    public int memberCount()
    {
        return memberCount;
    }

    /** Allocates: for tests and diagnostics. */
    public String user()
    {
        return fields.getStringWithoutLengthUtf8(userOffset, userLength);
    }

    /** Allocates: for tests and diagnostics. */
    public String title()
    {
        return fields.getStringWithoutLengthUtf8(titleOffset, titleLength);
    }

    /** Allocates: for tests and diagnostics. */
    public java.util.List<String> members()
    {
        final java.util.List<String> members = new java.util.ArrayList<>(memberCount);
        int position = membersOffset;
        for (int i = 0; i < memberCount; i++)
        {
            final int length = fields.getShort(position, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            members.add(fields.getStringWithoutLengthUtf8(position + 2, length));
            position += 2 + length;
        }
        return members;
    }

    /** EDIT, DELETE: the message's seq; HISTORY: the anchor (-1: the end); JOIN with {@link #resume()}: since (-1: none). */
    public long seq()
    {
        return seq;
    }

    /** JOIN with {@link #resume()}: the epoch the client saw, 0 when not given. */
    public long epoch()
    {
        return epoch;
    }

    /** HISTORY: page size (0: the default); JOIN with {@link #resume()}: the last N messages (0: none). */
    public int limit()
    {
        return limit;
    }

    /** HISTORY: the link's mode bits (after, oldest first). */
    public int historyMode()
    {
        return historyMode;
    }

    /** JOIN: true when it gave {@code since}, {@code epoch} or {@code last} (answered with the room's epoch and seq). */
    public boolean resume()
    {
        return resume;
    }

    /** PUBLISH: the client message id in {@link #fields()}, empty when none. */
    public int clientMsgIdOffset()
    {
        return clientMsgIdOffset;
    }

    public int clientMsgIdLength()
    {
        return clientMsgIdLength;
    }

    /** Allocates: for tests and diagnostics. */
    public String name()
    {
        return fields.getStringWithoutLengthUtf8(nameOffset, nameLength);
    }

    /** Allocates: for tests and diagnostics. */
    public String corrId()
    {
        return fields.getStringWithoutLengthUtf8(corrIdOffset, corrIdLength);
    }

    /** Allocates: for tests and diagnostics. */
    public String dataAsString()
    {
        final byte[] bytes = new byte[dataLength];
        data.getBytes(dataOffset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

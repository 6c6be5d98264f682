package io.ringway.engine;

import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkType;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: builds link commands with {@link LinkCommandEncoder} and copies link events out of reused buffers. */
public final class LinkTestSupport
{
    private LinkTestSupport()
    {
    }

    public static byte[] sessionOpen(final int gatewayId, final long sessionId, final String user)
    {
        return encode(LinkType.SESSION_OPEN, gatewayId, sessionId, null, user, null);
    }

    public static byte[] sessionClose(final int gatewayId, final long sessionId)
    {
        return encode(LinkType.SESSION_CLOSE, gatewayId, sessionId, null, null, null);
    }

    public static byte[] gatewayReset(final int gatewayId)
    {
        return encode(LinkType.GATEWAY_RESET, gatewayId, 0, null, null, null);
    }

    public static byte[] join(final int gatewayId, final long sessionId, final String corrId, final String room)
    {
        return encode(LinkType.JOIN, gatewayId, sessionId, corrId, room, null);
    }

    public static byte[] leave(final int gatewayId, final long sessionId, final String corrId, final String room)
    {
        return encode(LinkType.LEAVE, gatewayId, sessionId, corrId, room, null);
    }

    public static byte[] publish(final int gatewayId, final long sessionId, final String corrId, final String room, final String data)
    {
        return encode(LinkType.PUBLISH, gatewayId, sessionId, corrId, room, data);
    }

    public static byte[] direct(final int gatewayId, final long sessionId, final String corrId, final String toUser, final String data)
    {
        return encode(LinkType.DIRECT, gatewayId, sessionId, corrId, toUser, data);
    }

    public static byte[] typing(final int gatewayId, final long sessionId, final String corrId, final String room, final boolean start)
    {
        final UnsafeBuffer corrIdBuffer = bytes(corrId);
        final UnsafeBuffer roomBuffer = bytes(room);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.encodedLength(LinkType.TYPING, corrIdBuffer.capacity(), roomBuffer.capacity(), 0));
        final int length = LinkCommandEncoder.encodeTyping(out, 0, gatewayId, sessionId,
            corrIdBuffer, 0, corrIdBuffer.capacity(), roomBuffer, 0, roomBuffer.capacity(),
            start ? LinkCommandEncoder.TYPING_START : LinkCommandEncoder.TYPING_STOP);
        return Arrays.copyOf(out.byteArray(), length);
    }

    public static byte[] presenceQuery(final int gatewayId, final long sessionId, final String corrId, final String room)
    {
        return encode(LinkType.PRESENCE_QUERY, gatewayId, sessionId, corrId, room, null);
    }

    public static byte[] createGroup(
        final int gatewayId, final long sessionId, final String corrId, final String room, final String title, final String... members)
    {
        final UnsafeBuffer corrIdBuffer = bytes(corrId);
        final UnsafeBuffer roomBuffer = bytes(room);
        final UnsafeBuffer titleBuffer = bytes(title);
        final ExpandableArrayBuffer list = new ExpandableArrayBuffer(64);
        int listLength = 0;
        for (final String member : members)
        {
            final UnsafeBuffer memberBuffer = bytes(member);
            listLength = LinkCommandEncoder.putMember(list, listLength, memberBuffer, 0, memberBuffer.capacity());
        }
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.createGroupLength(corrIdBuffer.capacity(), roomBuffer.capacity(), titleBuffer.capacity(), listLength));
        final int length = LinkCommandEncoder.encodeCreateGroup(out, 0, gatewayId, sessionId,
            corrIdBuffer, 0, corrIdBuffer.capacity(), roomBuffer, 0, roomBuffer.capacity(), titleBuffer, 0, titleBuffer.capacity(),
            list, 0, listLength, members.length);
        return Arrays.copyOf(out.byteArray(), length);
    }

    public static byte[] addMember(
        final int gatewayId, final long sessionId, final String corrId, final String room, final String user, final int role)
    {
        return memberChange(LinkType.ADD_MEMBER, gatewayId, sessionId, corrId, room, user, role);
    }

    public static byte[] removeMember(final int gatewayId, final long sessionId, final String corrId, final String room, final String user)
    {
        return memberChange(LinkType.REMOVE_MEMBER, gatewayId, sessionId, corrId, room, user, 0);
    }

    public static byte[] openPrivate(final int gatewayId, final long sessionId, final String corrId, final String otherUser)
    {
        return encode(LinkType.OPEN_PRIVATE, gatewayId, sessionId, corrId, otherUser, null);
    }

    private static byte[] memberChange(
        final int type, final int gatewayId, final long sessionId, final String corrId, final String room, final String user, final int role)
    {
        final UnsafeBuffer corrIdBuffer = bytes(corrId);
        final UnsafeBuffer roomBuffer = bytes(room);
        final UnsafeBuffer userBuffer = bytes(user);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.memberChangeLength(type, corrIdBuffer.capacity(), roomBuffer.capacity(), userBuffer.capacity()));
        final int length = LinkCommandEncoder.encodeMemberChange(out, 0, type, gatewayId, sessionId,
            corrIdBuffer, 0, corrIdBuffer.capacity(), roomBuffer, 0, roomBuffer.capacity(), userBuffer, 0, userBuffer.capacity(), role);
        return Arrays.copyOf(out.byteArray(), length);
    }

    public static byte[] encode(
        final int type, final int gatewayId, final long sessionId, final String corrId, final String name, final String data)
    {
        final UnsafeBuffer corrIdBuffer = bytes(corrId);
        final UnsafeBuffer nameBuffer = bytes(name);
        final UnsafeBuffer dataBuffer = bytes(data);
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        out.checkLimit(LinkCommandEncoder.encodedLength(type, corrIdBuffer.capacity(), nameBuffer.capacity(), dataBuffer.capacity()));
        final int length = LinkCommandEncoder.encode(
            out, 0, type, gatewayId, sessionId,
            corrIdBuffer, 0, corrIdBuffer.capacity(),
            nameBuffer, 0, nameBuffer.capacity(),
            dataBuffer, 0, dataBuffer.capacity());
        return Arrays.copyOf(out.byteArray(), length);
    }

    private static UnsafeBuffer bytes(final String value)
    {
        return new UnsafeBuffer(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One link event, decoded and copied (the engine reuses its buffers). {@code user} and {@code kind}
     * are ROOM_PRESENCE's, ROOM_TYPING's, MEMBER_ADDED's and MEMBER_REMOVED's (kind: the role; {@code from}: who did it); {@code members} is a PRESENCE_REPLY's, as {@code "alice=2"} strings.
     */
    public record Event(
        int gatewayId, int type, long sessionId, long seq, long timestampMs, int errorWireId, long[] recipients,
        String corrId, String room, String from, String to, String data, String user, int kind, List<String> members,
        byte[] raw)
    {
        public static Event decode(final int gatewayId, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] raw = new byte[length];
            buffer.getBytes(offset, raw);
            final LinkEventDecoder decoder = new LinkEventDecoder();
            if (!decoder.wrap(new UnsafeBuffer(raw), 0, length))
            {
                throw new AssertionError("malformed event " + Arrays.toString(raw));
            }
            final long[] recipients = new long[decoder.recipientCount()];
            for (int i = 0; i < recipients.length; i++)
            {
                recipients[i] = decoder.recipient(i);
            }
            final int type = decoder.type();
            final boolean message = type == LinkType.ROOM_MESSAGE || type == LinkType.DIRECT_MESSAGE;
            final boolean member = type == LinkType.MEMBER_ADDED || type == LinkType.MEMBER_REMOVED;
            final boolean notice = type == LinkType.ROOM_PRESENCE || type == LinkType.ROOM_TYPING || member;
            final boolean hasCorrId = type == LinkType.ACK || type == LinkType.ERROR || type == LinkType.PRESENCE_REPLY ||
                type == LinkType.ROOM_ACK;
            List<String> members = null;
            if (type == LinkType.PRESENCE_REPLY)
            {
                members = new ArrayList<>();
                int position = decoder.membersOffset();
                for (int i = 0; i < decoder.memberCount(); i++)
                {
                    members.add(decoder.buffer().getStringWithoutLengthUtf8(
                        LinkEventDecoder.memberUserOffset(position), LinkEventDecoder.memberUserLength(decoder.buffer(), position)) +
                        "=" + LinkEventDecoder.memberConnections(decoder.buffer(), position));
                    position = LinkEventDecoder.nextMember(decoder.buffer(), position);
                }
            }
            return new Event(
                gatewayId, type, decoder.sessionId(), decoder.seq(), decoder.timestampMs(), decoder.errorWireId(), recipients,
                hasCorrId ? decoder.corrId() : null,
                type == LinkType.ROOM_MESSAGE || notice || type == LinkType.PRESENCE_REPLY || type == LinkType.ROOM_ACK
                    ? decoder.room() : null,
                message ? decoder.from() : member ? decoder.by() : null,
                type == LinkType.DIRECT_MESSAGE ? decoder.to() : null,
                message ? decoder.data() : null,
                notice ? decoder.user() : null,
                notice ? decoder.kind() : 0,
                members,
                raw);
        }

        /** The header's gateway id, which must match the gateway the event was routed to. */
        public int headerGatewayId()
        {
            final LinkEventDecoder decoder = new LinkEventDecoder();
            decoder.wrap(new UnsafeBuffer(raw), 0, raw.length);
            return decoder.gatewayId();
        }

        @Override
        public String toString()
        {
            return LinkType.name(type) + "{gw=" + gatewayId + ", session=" + sessionId + ", seq=" + seq + ", ts=" + timestampMs +
                ", error=" + errorWireId + ", recipients=" + Arrays.toString(recipients) + ", corrId=" + corrId +
                ", room=" + room + ", from=" + from + ", to=" + to + ", data=" + data + ", user=" + user + ", kind=" + kind +
                ", members=" + members + "}";
        }
    }
}

package io.ringway.codec.link;

import io.ringway.codec.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkEventDecoderTest
{
    private static final int OFFSET = 11;
    private static final String DATA = "{\"text\": \"hé \\\"x\\\" 😀\"}";

    private final LinkEventDecoder decoder = new LinkEventDecoder();

    private static UnsafeBuffer source(final String s)
    {
        // Field bytes at a non-zero offset (3) in their own buffer.
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 + bytes.length]);
        buffer.putBytes(3, bytes);
        return buffer;
    }

    private static int len(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static UnsafeBuffer ack(final int offset, final long seq, final String corrId)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[offset + LinkEventEncoder.ackLength(len(corrId))]);
        final int length = LinkEventEncoder.ack(frame, offset, 1, 42, seq, source(corrId), 3, len(corrId));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static UnsafeBuffer error(final int offset, final int wireId, final String corrId)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[offset + LinkEventEncoder.errorLength(len(corrId))]);
        final int length = LinkEventEncoder.error(frame, offset, 2, 43, wireId, source(corrId), 3, len(corrId));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static UnsafeBuffer roomMessage(final int offset, final long[] recipients, final String room, final String from, final String data)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(
            new byte[offset + LinkEventEncoder.roomMessageLength(recipients.length, len(room), len(from), len(data))]);
        for (int i = 0; i < recipients.length; i++)
        {
            frame.putLong(LinkEventEncoder.roomRecipientOffset(offset, i), recipients[i], LITTLE_ENDIAN);
        }
        final int length = LinkEventEncoder.finishRoomMessage(
            frame, offset, 3, 17, 1_700_000_000_000L, recipients.length,
            source(room), 3, len(room), source(from), 3, len(from), source(data), 3, len(data));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static UnsafeBuffer directMessage(final int offset, final long[] recipients, final String from, final String to, final String data)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(
            new byte[offset + LinkEventEncoder.directMessageLength(recipients.length, len(from), len(to), len(data))]);
        for (int i = 0; i < recipients.length; i++)
        {
            frame.putLong(LinkEventEncoder.directRecipientOffset(offset, i), recipients[i], LITTLE_ENDIAN);
        }
        final int length = LinkEventEncoder.finishDirectMessage(
            frame, offset, 4, 1_700_000_000_001L, recipients.length,
            source(from), 3, len(from), source(to), 3, len(to), source(data), 3, len(data));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static UnsafeBuffer roomPresence(final int offset, final long[] recipients, final int kind, final String room, final String user)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(
            new byte[offset + LinkEventEncoder.noticeLength(recipients.length, len(room), len(user))]);
        for (int i = 0; i < recipients.length; i++)
        {
            frame.putLong(LinkEventEncoder.noticeRecipientOffset(offset, i), recipients[i], LITTLE_ENDIAN);
        }
        final int length = LinkEventEncoder.finishRoomPresence(
            frame, offset, 5, 1_700_000_000_002L, recipients.length, kind, source(room), 3, len(room), source(user), 3, len(user));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static UnsafeBuffer roomTyping(final int offset, final long[] recipients, final int state, final String room, final String user)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(
            new byte[offset + LinkEventEncoder.noticeLength(recipients.length, len(room), len(user))]);
        for (int i = 0; i < recipients.length; i++)
        {
            frame.putLong(LinkEventEncoder.noticeRecipientOffset(offset, i), recipients[i], LITTLE_ENDIAN);
        }
        final int length = LinkEventEncoder.finishRoomTyping(
            frame, offset, 6, 1_700_000_000_003L, recipients.length, state, source(room), 3, len(room), source(user), 3, len(user));
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    /** Members as alternating user name and connection count: {@code "alice", 2, "bob", 0}. */
    static UnsafeBuffer presenceReply(final int offset, final String corrId, final String room, final Object... members)
    {
        int size = LinkEventEncoder.presenceReplyHeadLength(len(corrId), len(room));
        for (int i = 0; i < members.length; i += 2)
        {
            size += LinkEventEncoder.presenceMemberLength(len((String)members[i]));
        }
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[offset + size]);
        int position = LinkEventEncoder.startPresenceReply(frame, offset, source(corrId), 3, len(corrId), source(room), 3, len(room));
        for (int i = 0; i < members.length; i += 2)
        {
            final String user = (String)members[i];
            position = LinkEventEncoder.putPresenceMember(frame, position, (Integer)members[i + 1], source(user), 3, len(user));
        }
        final int length = LinkEventEncoder.finishPresenceReply(frame, offset, 7, 47, members.length / 2, 0, position);
        assertEquals(frame.capacity() - offset, length);
        return frame;
    }

    static List<UnsafeBuffer> events()
    {
        return List.of(
            ack(OFFSET, 17, "\"3\""),
            ack(OFFSET, LinkEventEncoder.NO_SEQ, ""),
            error(OFFSET, ErrorCode.NOT_MEMBER.wireId(), "7"),
            roomMessage(OFFSET, new long[0], "lobby", "alice", DATA),
            roomMessage(OFFSET, new long[] { 42 }, "lobby", "alice", DATA),
            roomMessage(OFFSET, new long[] { 42, 43, Long.MAX_VALUE }, "lobby", "alice", DATA),
            directMessage(OFFSET, new long[] { 44, 45 }, "alice", "bob", DATA),
            roomPresence(OFFSET, new long[] { 42 }, LinkEventEncoder.PRESENCE_ONLINE, "lobby", "alice"),
            roomPresence(OFFSET, new long[] { 42, 43 }, LinkEventEncoder.PRESENCE_LEAVE, "lobby", "bob"),
            roomTyping(OFFSET, new long[] { 44 }, LinkCommandEncoder.TYPING_START, "lobby", "alice"),
            presenceReply(OFFSET, "\"7\"", "lobby", "alice", 2, "bob", 0),
            presenceReply(OFFSET, "", "lobby"));
    }

    private static int length(final DirectBuffer frame)
    {
        return frame.capacity() - OFFSET;
    }

    private static UnsafeBuffer copy(final DirectBuffer src, final int length)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[OFFSET + length]);
        copy.putBytes(OFFSET, src, OFFSET, length);
        return copy;
    }

    @Test
    void shouldRoundTripWhenAckHasSeq()
    {
        final UnsafeBuffer frame = ack(OFFSET, 17, "\"3\"");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertSame(frame, decoder.buffer());
        assertEquals(LinkType.ACK, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(42, decoder.sessionId());
        assertEquals(17, decoder.seq());
        assertEquals("\"3\"", decoder.corrId());
        assertEquals(3, decoder.corrIdLength());
        assertEquals(OFFSET + LinkEventEncoder.ACK_CORR_ID_OFFSET + 1, decoder.corrIdOffset());
        assertEquals(0, decoder.recipientCount());
        assertEquals(0, decoder.dataLength());
    }

    @Test
    void shouldRoundTripWhenAckHasNoSeq()
    {
        final UnsafeBuffer frame = ack(OFFSET, LinkEventEncoder.NO_SEQ, "42");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.ACK, decoder.type());
        assertEquals(-1L, decoder.seq());
        assertEquals(LinkEventEncoder.NO_SEQ, decoder.seq());
        assertEquals("42", decoder.corrId());
    }

    @Test
    void shouldRoundTripWhenAckHasNoCorrId()
    {
        final UnsafeBuffer frame = ack(OFFSET, 5, "");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(5, decoder.seq());
        assertEquals(0, decoder.corrIdLength());
        assertEquals("", decoder.corrId());
        assertEquals(LinkEventEncoder.ACK_CORR_ID_OFFSET + 1, length(frame));
    }

    @Test
    void shouldRoundTripWhenEventIsError()
    {
        for (final ErrorCode code : ErrorCode.values())
        {
            final UnsafeBuffer frame = error(OFFSET, code.wireId(), "\"abc\"");

            assertTrue(decoder.wrap(frame, OFFSET, length(frame)), code.name());
            assertEquals(LinkType.ERROR, decoder.type());
            assertEquals(2, decoder.gatewayId());
            assertEquals(43, decoder.sessionId());
            assertEquals(code.wireId(), decoder.errorWireId());
            assertEquals(code, ErrorCode.fromWireId(decoder.errorWireId()));
            assertEquals("\"abc\"", decoder.corrId());
            assertEquals(LinkEventEncoder.NO_SEQ, decoder.seq());
        }
    }

    @Test
    void shouldReadErrorIdAsUnsignedWhenAbove0x7FFF()
    {
        final UnsafeBuffer frame = error(OFFSET, 0xFFFF, "");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        assertEquals(0xFFFF, decoder.errorWireId());
        assertEquals(ErrorCode.INTERNAL, ErrorCode.fromWireId(decoder.errorWireId()));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 3 })
    void shouldRoundTripWhenRoomMessageHasRecipients(final int count)
    {
        final long[] recipients = new long[count];
        for (int i = 0; i < count; i++)
        {
            recipients[i] = 1000L * (i + 1) + i;
        }
        final UnsafeBuffer frame = roomMessage(OFFSET, recipients, "lobby", "alice", DATA);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.ROOM_MESSAGE, decoder.type());
        assertEquals(3, decoder.gatewayId());
        assertEquals(0, decoder.sessionId(), "multi-recipient events have no single session");
        assertEquals(17, decoder.seq());
        assertEquals(1_700_000_000_000L, decoder.timestampMs());
        assertEquals(count, decoder.recipientCount());
        for (int i = 0; i < count; i++)
        {
            assertEquals(recipients[i], decoder.recipient(i));
        }
        assertEquals("lobby", decoder.room());
        assertEquals("alice", decoder.from());
        assertEquals(DATA, decoder.data());
        assertEquals(len(DATA), decoder.dataLength());
        assertEquals(OFFSET + length(frame), decoder.dataOffset() + decoder.dataLength());
        assertEquals(0, decoder.toLength());
        assertEquals(0, frame.getInt(OFFSET + LinkEventEncoder.ROOM_COUNT_OFFSET + 4, LITTLE_ENDIAN), "reserved");
    }

    @Test
    void shouldRoundTripWhenEventIsDirectMessage()
    {
        final UnsafeBuffer frame = directMessage(OFFSET, new long[] { 44, 45 }, "alice", "bob", DATA);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.DIRECT_MESSAGE, decoder.type());
        assertEquals(4, decoder.gatewayId());
        assertEquals(0, decoder.sessionId());
        assertEquals(LinkEventEncoder.NO_SEQ, decoder.seq());
        assertEquals(1_700_000_000_001L, decoder.timestampMs());
        assertEquals(2, decoder.recipientCount());
        assertEquals(44, decoder.recipient(0));
        assertEquals(45, decoder.recipient(1));
        assertEquals("alice", decoder.from());
        assertEquals("bob", decoder.to());
        assertEquals(DATA, decoder.data());
        assertEquals(0, decoder.roomLength());
        assertEquals(0, frame.getInt(OFFSET + LinkEventEncoder.DIRECT_COUNT_OFFSET + 4, LITTLE_ENDIAN), "reserved");
    }

    @ParameterizedTest
    @ValueSource(ints = { LinkEventEncoder.PRESENCE_ONLINE, LinkEventEncoder.PRESENCE_OFFLINE,
        LinkEventEncoder.PRESENCE_JOIN, LinkEventEncoder.PRESENCE_LEAVE })
    void shouldRoundTripWhenEventIsRoomPresence(final int kind)
    {
        final UnsafeBuffer frame = roomPresence(OFFSET, new long[] { 42, 43 }, kind, "lobby", "alicé");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.ROOM_PRESENCE, decoder.type());
        assertEquals(5, decoder.gatewayId());
        assertEquals(0, decoder.sessionId());
        assertEquals(1_700_000_000_002L, decoder.timestampMs());
        assertEquals(kind, decoder.kind());
        assertEquals(2, decoder.recipientCount());
        assertEquals(42, decoder.recipient(0));
        assertEquals(43, decoder.recipient(1));
        assertEquals("lobby", decoder.room());
        assertEquals("alicé", decoder.user());
        assertEquals(OFFSET + length(frame), decoder.userOffset() + decoder.userLength(), "user is the last field");
        assertEquals(0, decoder.dataLength());
        assertEquals(0, frame.getByte(OFFSET + LinkEventEncoder.NOTICE_KIND_OFFSET + 1), "reserved");
        assertEquals(0, frame.getShort(OFFSET + LinkEventEncoder.NOTICE_KIND_OFFSET + 2), "reserved");
    }

    @ParameterizedTest
    @ValueSource(ints = { LinkCommandEncoder.TYPING_START, LinkCommandEncoder.TYPING_STOP })
    void shouldRoundTripWhenEventIsRoomTyping(final int state)
    {
        final UnsafeBuffer frame = roomTyping(OFFSET, new long[] { 44 }, state, "lobby", "alice");

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.ROOM_TYPING, decoder.type());
        assertEquals(6, decoder.gatewayId());
        assertEquals(1_700_000_000_003L, decoder.timestampMs());
        assertEquals(state, decoder.kind());
        assertEquals(1, decoder.recipientCount());
        assertEquals(44, decoder.recipient(0));
        assertEquals("lobby", decoder.room());
        assertEquals("alice", decoder.user());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 5, 0xFF })
    void shouldRejectWhenRoomPresenceKindIsUnknown(final int kind)
    {
        final UnsafeBuffer frame = roomPresence(OFFSET, new long[] { 42 }, LinkEventEncoder.PRESENCE_JOIN, "lobby", "alice");
        frame.putByte(OFFSET + LinkEventEncoder.NOTICE_KIND_OFFSET, (byte)kind);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 0xFF })
    void shouldRejectWhenRoomTypingStateIsUnknown(final int state)
    {
        final UnsafeBuffer frame = roomTyping(OFFSET, new long[] { 42 }, LinkCommandEncoder.TYPING_START, "lobby", "alice");
        frame.putByte(OFFSET + LinkEventEncoder.NOTICE_KIND_OFFSET, (byte)state);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 0, -1, Integer.MAX_VALUE, 0x2000_0000 })
    void shouldRejectWhenRoomPresenceRecipientCountOverruns(final int count)
    {
        final UnsafeBuffer frame = roomPresence(OFFSET, new long[] { 42 }, LinkEventEncoder.PRESENCE_JOIN, "lobby", "alice");
        frame.putInt(OFFSET + LinkEventEncoder.NOTICE_COUNT_OFFSET, count, LITTLE_ENDIAN);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldWalkMembersInOrderWhenEventIsPresenceReply()
    {
        final UnsafeBuffer frame = presenceReply(OFFSET, "\"7\"", "lobby", "alice", 2, "bob", 0, "carolé", 65_536);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(LinkType.PRESENCE_REPLY, decoder.type());
        assertEquals(7, decoder.gatewayId());
        assertEquals(47, decoder.sessionId(), "a reply goes to the querying session");
        assertEquals("\"7\"", decoder.corrId());
        assertEquals("lobby", decoder.room());
        assertEquals(3, decoder.memberCount());
        final StringBuilder members = new StringBuilder();
        int position = decoder.membersOffset();
        for (int i = 0; i < decoder.memberCount(); i++)
        {
            members.append(frame.getStringWithoutLengthUtf8(
                LinkEventDecoder.memberUserOffset(position), LinkEventDecoder.memberUserLength(frame, position)));
            members.append('=').append(LinkEventDecoder.memberConnections(frame, position)).append(' ');
            position = LinkEventDecoder.nextMember(frame, position);
        }
        assertEquals("alice=2 bob=0 carolé=65536 ", members.toString());
        assertEquals(OFFSET + length(frame), position, "the last member ends the frame");
        assertEquals(0, decoder.omittedMembers(), "every member listed");
    }

    @Test
    void shouldTellHowManyMembersWereLeftOutWhenAPresenceReplyWasCutShort()
    {
        final UnsafeBuffer frame = presenceReply(OFFSET, "", "lobby", "alice", 2);
        final int end = decoder.wrap(frame, OFFSET, length(frame)) ? decoder.membersOffset() + LinkEventEncoder.presenceMemberLength(5) : -1;
        LinkEventEncoder.finishPresenceReply(frame, OFFSET, 7, 47, 1, 99_999, end);

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        assertEquals(1, decoder.memberCount());
        assertEquals(99_999, decoder.omittedMembers());
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, -1, Integer.MAX_VALUE })
    void shouldRejectWhenPresenceReplyMemberCountDisagrees(final int count)
    {
        final UnsafeBuffer frame = presenceReply(OFFSET, "", "lobby", "alice", 2, "bob", 0);
        frame.putInt(OFFSET + LinkEventEncoder.REPLY_COUNT_OFFSET, count, LITTLE_ENDIAN);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldReadSameValuesWhenAccessorsAreCalledInAnyOrder()
    {
        final UnsafeBuffer frame = roomMessage(OFFSET, new long[] { 42, 43 }, "lobby", "alice", DATA);
        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));

        assertEquals(DATA, decoder.data());
        assertEquals(43, decoder.recipient(1));
        assertEquals("alice", decoder.from());
        assertEquals(17, decoder.seq());
        assertEquals("lobby", decoder.room());
        assertEquals(42, decoder.recipient(0));
        assertEquals(1_700_000_000_000L, decoder.timestampMs());
        assertEquals(DATA, decoder.data());
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldRejectWhenFrameIsTruncatedAtAnyLength(final UnsafeBuffer frame)
    {
        final int length = length(frame);
        assertTrue(decoder.wrap(frame, OFFSET, length));
        for (int prefix = 0; prefix < length; prefix++)
        {
            // Exactly sized copy: reading past the prefix would throw IndexOutOfBoundsException.
            final UnsafeBuffer truncated = copy(frame, prefix);
            assertFalse(decoder.wrap(truncated, OFFSET, prefix), "prefix " + prefix);

            if (prefix >= LinkHeader.LENGTH)
            {
                truncated.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, prefix, LITTLE_ENDIAN);
                assertFalse(decoder.wrap(truncated, OFFSET, prefix), "prefix with matching length field " + prefix);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldRejectWhenFrameHasTrailingBytes(final UnsafeBuffer frame)
    {
        final int length = length(frame);
        final UnsafeBuffer longer = new UnsafeBuffer(new byte[OFFSET + length + 1]);
        longer.putBytes(OFFSET, frame, OFFSET, length);

        assertFalse(decoder.wrap(longer, OFFSET, length + 1));
        longer.putInt(OFFSET + LinkHeader.FRAME_LENGTH_OFFSET, length + 1, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(longer, OFFSET, length + 1));
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldRejectWhenVersionIsWrong(final UnsafeBuffer frame)
    {
        for (final int version : new int[] { 0, 2, 0xFF })
        {
            final UnsafeBuffer copy = copy(frame, length(frame));
            copy.putByte(OFFSET + LinkHeader.VERSION_OFFSET, (byte)version);
            assertFalse(decoder.wrap(copy, OFFSET, length(frame)), "version " + version);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { LinkType.SESSION_OPEN, LinkType.JOIN, LinkType.PUBLISH, LinkType.GATEWAY_RESET, LinkType.TYPING,
        LinkType.PRESENCE_QUERY, 0x00, 0x40, 0x48, 0xFF })
    void shouldRejectWhenTypeIsNotAnEvent(final int type)
    {
        final UnsafeBuffer frame = ack(OFFSET, 1, "\"1\"");
        frame.putByte(OFFSET + LinkHeader.TYPE_OFFSET, (byte)type);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldRejectWhenFrameIsAnEncodedCommand()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        final int length = LinkCommandEncoder.encodeEmpty(frame, 0, LinkType.SESSION_CLOSE, 1, 42);

        assertFalse(decoder.wrap(frame, 0, length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x2000_0000 })
    void shouldRejectWhenRoomRecipientCountOverruns(final int count)
    {
        // Encoded with 3 recipients; any other count must not decode.
        final UnsafeBuffer frame = roomMessage(OFFSET, new long[] { 42, 43, 44 }, "lobby", "alice", DATA);
        frame.putInt(OFFSET + LinkEventEncoder.ROOM_COUNT_OFFSET, count, LITTLE_ENDIAN);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 3, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x2000_0000 })
    void shouldRejectWhenDirectRecipientCountOverruns(final int count)
    {
        final UnsafeBuffer frame = directMessage(OFFSET, new long[] { 44, 45 }, "alice", "bob", DATA);
        frame.putInt(OFFSET + LinkEventEncoder.DIRECT_COUNT_OFFSET, count, LITTLE_ENDIAN);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldRejectWhenRecipientCountIsLargerThanFrameWithEmptyNames()
    {
        final UnsafeBuffer frame = roomMessage(OFFSET, new long[0], "", "", "");
        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        frame.putInt(OFFSET + LinkEventEncoder.ROOM_COUNT_OFFSET, 1, LITTLE_ENDIAN);

        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, Integer.MIN_VALUE })
    void shouldRejectWhenDataLengthIsNegative(final int dataLength)
    {
        final UnsafeBuffer room = roomMessage(OFFSET, new long[] { 42 }, "lobby", "alice", DATA);
        room.putInt(OFFSET + length(room) - len(DATA) - 4, dataLength, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(room, OFFSET, length(room)));

        final UnsafeBuffer direct = directMessage(OFFSET, new long[] { 42 }, "alice", "bob", DATA);
        direct.putInt(OFFSET + length(direct) - len(DATA) - 4, dataLength, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(direct, OFFSET, length(direct)));
    }

    @Test
    void shouldRejectWhenNameLengthOverrunsFrame()
    {
        final UnsafeBuffer frame = roomMessage(OFFSET, new long[] { 42 }, "lobby", "alice", DATA);
        final int roomLengthPosition = LinkEventEncoder.roomRecipientOffset(OFFSET, 1);
        assertEquals(5, frame.getShort(roomLengthPosition, LITTLE_ENDIAN));

        frame.putShort(roomLengthPosition, (short)0xFFFF, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldRejectWhenAckCorrIdLengthDisagreesWithFrame()
    {
        final UnsafeBuffer frame = ack(OFFSET, 1, "\"1\"");
        frame.putByte(OFFSET + LinkEventEncoder.ACK_CORR_ID_OFFSET, (byte)4);
        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
        frame.putByte(OFFSET + LinkEventEncoder.ACK_CORR_ID_OFFSET, (byte)2);
        assertFalse(decoder.wrap(frame, OFFSET, length(frame)));
    }

    @Test
    void shouldResetFieldsWhenReusedAfterInvalidFrame()
    {
        final UnsafeBuffer room = roomMessage(OFFSET, new long[] { 42, 43 }, "lobby", "alice", DATA);
        assertTrue(decoder.wrap(room, OFFSET, length(room)));

        final UnsafeBuffer broken = copy(room, length(room) - 1);
        assertFalse(decoder.wrap(broken, OFFSET, length(room) - 1));
        assertEquals(LinkEventEncoder.NO_SEQ, decoder.seq());
        assertEquals(0, decoder.recipientCount());
        assertEquals(0, decoder.roomLength());
        assertEquals(0, decoder.dataLength());

        final UnsafeBuffer ack = ack(0, 9, "\"9\"");
        assertTrue(decoder.wrap(ack, 0, ack.capacity()));
        assertEquals(LinkType.ACK, decoder.type());
        assertEquals(9, decoder.seq());
        assertEquals("\"9\"", decoder.corrId());
        assertEquals(0, decoder.timestampMs());
        assertEquals(0, decoder.recipientCount());
        assertEquals(0, decoder.roomLength());
        assertEquals(0, decoder.fromLength());
        assertEquals(0, decoder.dataLength());
        assertEquals(0, decoder.errorWireId());
    }

    @Test
    void shouldLeaveFrameUntouchedWhenDecoding()
    {
        final UnsafeBuffer frame = directMessage(OFFSET, new long[] { 1 }, "alice", "bob", DATA);
        final byte[] before = Arrays.copyOf(frame.byteArray(), frame.capacity());

        assertTrue(decoder.wrap(frame, OFFSET, length(frame)));
        decoder.data();
        decoder.to();

        assertEquals(Arrays.toString(before), Arrays.toString(frame.byteArray()));
    }
}

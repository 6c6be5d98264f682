package io.ringway.codec.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkEventEncoderTest
{
    private static final int OFFSET = 7;
    private static final byte GUARD = (byte)0x3C;

    private final byte[] bytes = new byte[512];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final UnsafeBuffer source = new UnsafeBuffer("..\"3\"lobbyalice{\"a\":1}bob".getBytes(StandardCharsets.US_ASCII));

    @Test
    void shouldMatchDocumentedLayoutWhenOffsetsAreRead()
    {
        assertEquals(16, LinkEventEncoder.ACK_SEQ_OFFSET);
        assertEquals(24, LinkEventEncoder.ACK_CORR_ID_OFFSET);
        assertEquals(16, LinkEventEncoder.ERROR_CODE_OFFSET);
        assertEquals(18, LinkEventEncoder.ERROR_CORR_ID_OFFSET);
        assertEquals(16, LinkEventEncoder.ROOM_SEQ_OFFSET);
        assertEquals(24, LinkEventEncoder.ROOM_TS_OFFSET);
        assertEquals(32, LinkEventEncoder.ROOM_COUNT_OFFSET);
        assertEquals(40, LinkEventEncoder.ROOM_RECIPIENTS_OFFSET);
        assertEquals(16, LinkEventEncoder.DIRECT_TS_OFFSET);
        assertEquals(24, LinkEventEncoder.DIRECT_COUNT_OFFSET);
        assertEquals(32, LinkEventEncoder.DIRECT_RECIPIENTS_OFFSET);
        assertEquals(0, LinkEventEncoder.ROOM_RECIPIENTS_OFFSET % 8, "recipients are 8-byte aligned");
        assertEquals(0, LinkEventEncoder.DIRECT_RECIPIENTS_OFFSET % 8, "recipients are 8-byte aligned");
        assertEquals(16, LinkEventEncoder.NOTICE_TS_OFFSET);
        assertEquals(24, LinkEventEncoder.NOTICE_COUNT_OFFSET);
        assertEquals(28, LinkEventEncoder.NOTICE_KIND_OFFSET);
        assertEquals(32, LinkEventEncoder.NOTICE_RECIPIENTS_OFFSET);
        assertEquals(16, LinkEventEncoder.REPLY_COUNT_OFFSET);
        assertEquals(24, LinkEventEncoder.REPLY_CORR_ID_OFFSET);
        assertEquals(0, LinkEventEncoder.NOTICE_RECIPIENTS_OFFSET % 8, "recipients are 8-byte aligned");
        assertEquals(-1L, LinkEventEncoder.NO_SEQ);
        assertEquals(1, LinkEventEncoder.PRESENCE_ONLINE);
        assertEquals(2, LinkEventEncoder.PRESENCE_OFFLINE);
        assertEquals(3, LinkEventEncoder.PRESENCE_JOIN);
        assertEquals(4, LinkEventEncoder.PRESENCE_LEAVE);
    }

    @Test
    void shouldComputeLengthsFromLayoutWhenAsked()
    {
        assertEquals(24 + 1 + 3, LinkEventEncoder.ackLength(3));
        assertEquals(18 + 1 + 3, LinkEventEncoder.errorLength(3));
        assertEquals(40 + 2 * 8 + 2 + 5 + 2 + 5 + 4 + 13, LinkEventEncoder.roomMessageLength(2, 5, 5, 13));
        assertEquals(32 + 3 * 8 + 2 + 5 + 2 + 3 + 4 + 13, LinkEventEncoder.directMessageLength(3, 5, 3, 13));
        assertEquals(OFFSET + 40 + 16, LinkEventEncoder.roomRecipientOffset(OFFSET, 2));
        assertEquals(OFFSET + 32 + 16, LinkEventEncoder.directRecipientOffset(OFFSET, 2));
        assertEquals(32 + 2 * 8 + 2 + 5 + 2 + 5, LinkEventEncoder.noticeLength(2, 5, 5));
        assertEquals(OFFSET + 32 + 16, LinkEventEncoder.noticeRecipientOffset(OFFSET, 2));
        assertEquals(24 + 1 + 3 + 2 + 5, LinkEventEncoder.presenceReplyHeadLength(3, 5));
        assertEquals(4 + 2 + 5, LinkEventEncoder.presenceMemberLength(5));
    }

    @Test
    void shouldWriteExactlyNoticeLengthWhenRoomPresenceIsFinished()
    {
        Arrays.fill(bytes, GUARD);
        buffer.putLong(LinkEventEncoder.noticeRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);

        final int length = LinkEventEncoder.finishRoomPresence(
            buffer, OFFSET, 1, 1_700_000_000_000L, 1, LinkEventEncoder.PRESENCE_OFFLINE, source, 5, 5, source, 10, 5);

        assertEquals(LinkEventEncoder.noticeLength(1, 5, 5), length);
        assertEquals(LinkType.ROOM_PRESENCE, LinkHeader.type(buffer, OFFSET));
        assertEquals(0L, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(LinkEventEncoder.PRESENCE_OFFLINE, buffer.getInt(OFFSET + LinkEventEncoder.NOTICE_KIND_OFFSET, LITTLE_ENDIAN),
            "kind, then three zero bytes");
        assertEquals(GUARD, bytes[OFFSET - 1]);
        assertEquals(GUARD, bytes[OFFSET + length]);
    }

    @Test
    void shouldWriteExactlyReplyLengthWhenPresenceReplyIsFinished()
    {
        Arrays.fill(bytes, GUARD);

        int position = LinkEventEncoder.startPresenceReply(buffer, OFFSET, source, 2, 3, source, 5, 5);
        position = LinkEventEncoder.putPresenceMember(buffer, position, 2, source, 10, 5);
        position = LinkEventEncoder.putPresenceMember(buffer, position, 1, source, 22, 3);
        final int length = LinkEventEncoder.finishPresenceReply(buffer, OFFSET, 1, 42, 2, 0, position);

        assertEquals(LinkEventEncoder.presenceReplyHeadLength(3, 5) + LinkEventEncoder.presenceMemberLength(5) +
            LinkEventEncoder.presenceMemberLength(3), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.PRESENCE_REPLY, LinkHeader.type(buffer, OFFSET));
        assertEquals(42L, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(2, buffer.getInt(OFFSET + LinkEventEncoder.REPLY_COUNT_OFFSET, LITTLE_ENDIAN));
        assertEquals(0, buffer.getInt(OFFSET + LinkEventEncoder.REPLY_COUNT_OFFSET + 4, LITTLE_ENDIAN), "reserved");
        assertEquals(GUARD, bytes[OFFSET - 1]);
        assertEquals(GUARD, bytes[OFFSET + length]);
    }

    @Test
    void shouldWriteExactlyAckLengthWhenAckIsEncoded()
    {
        Arrays.fill(bytes, GUARD);

        final int length = LinkEventEncoder.ack(buffer, OFFSET, 1, 42, 17, source, 2, 3);

        assertEquals(LinkEventEncoder.ackLength(3), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.ACK, LinkHeader.type(buffer, OFFSET));
        assertEquals(42, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(17, buffer.getLong(OFFSET + LinkEventEncoder.ACK_SEQ_OFFSET, LITTLE_ENDIAN));
        assertEquals(3, buffer.getByte(OFFSET + LinkEventEncoder.ACK_CORR_ID_OFFSET));
        assertGuarded(length);
    }

    @Test
    void shouldWriteExactlyErrorLengthWhenErrorIsEncoded()
    {
        Arrays.fill(bytes, GUARD);

        final int length = LinkEventEncoder.error(buffer, OFFSET, 1, 42, 3, source, 2, 3);

        assertEquals(LinkEventEncoder.errorLength(3), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.ERROR, LinkHeader.type(buffer, OFFSET));
        assertEquals(3, buffer.getShort(OFFSET + LinkEventEncoder.ERROR_CODE_OFFSET, LITTLE_ENDIAN));
        assertEquals(3, buffer.getByte(OFFSET + LinkEventEncoder.ERROR_CORR_ID_OFFSET));
        assertGuarded(length);
    }

    @Test
    void shouldWriteExactlyRoomMessageLengthWhenFinished()
    {
        Arrays.fill(bytes, GUARD);
        buffer.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        buffer.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 1), 43, LITTLE_ENDIAN);

        final int length = LinkEventEncoder.finishRoomMessage(
            buffer, OFFSET, 1, 17, 99, 2, source, 5, 5, source, 10, 5, source, 15, 7);

        assertEquals(LinkEventEncoder.roomMessageLength(2, 5, 5, 7), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.ROOM_MESSAGE, LinkHeader.type(buffer, OFFSET));
        assertEquals(0, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(0, buffer.getInt(OFFSET + 36, LITTLE_ENDIAN), "reserved is zeroed over garbage");
        assertEquals(42, buffer.getLong(OFFSET + 40, LITTLE_ENDIAN), "recipients are not overwritten");
        assertEquals(43, buffer.getLong(OFFSET + 48, LITTLE_ENDIAN), "recipients are not overwritten");
        assertEquals(5, buffer.getShort(OFFSET + 56, LITTLE_ENDIAN));
        assertGuarded(length);
    }

    @Test
    void shouldWriteExactlyDirectMessageLengthWhenFinished()
    {
        Arrays.fill(bytes, GUARD);
        buffer.putLong(LinkEventEncoder.directRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);

        final int length = LinkEventEncoder.finishDirectMessage(
            buffer, OFFSET, 1, 99, 1, source, 10, 5, source, 22, 3, source, 15, 7);

        assertEquals(LinkEventEncoder.directMessageLength(1, 5, 3, 7), length);
        assertEquals(length, LinkHeader.frameLength(buffer, OFFSET));
        assertEquals(LinkType.DIRECT_MESSAGE, LinkHeader.type(buffer, OFFSET));
        assertEquals(0, LinkHeader.sessionId(buffer, OFFSET));
        assertEquals(99, buffer.getLong(OFFSET + 16, LITTLE_ENDIAN));
        assertEquals(1, buffer.getInt(OFFSET + 24, LITTLE_ENDIAN));
        assertEquals(0, buffer.getInt(OFFSET + 28, LITTLE_ENDIAN), "reserved is zeroed over garbage");
        assertEquals(42, buffer.getLong(OFFSET + 32, LITTLE_ENDIAN));
        assertGuarded(length);
    }

    private void assertGuarded(final int length)
    {
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(GUARD, bytes[i], "before the frame at " + i);
        }
        for (int i = OFFSET + length; i < bytes.length; i++)
        {
            assertEquals(GUARD, bytes[i], "after the frame at " + i);
        }
    }
}

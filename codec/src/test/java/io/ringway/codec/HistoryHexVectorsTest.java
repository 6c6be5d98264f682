package io.ringway.codec;

import io.ringway.codec.link.LinkCommandDecoder;
import io.ringway.codec.link.LinkCommandEncoder;
import io.ringway.codec.link.LinkEventDecoder;
import io.ringway.codec.link.LinkEventEncoder;
import io.ringway.codec.link.LinkType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-exact vectors of the message history commands and events in PROTOCOL.md (section 3). The
 * expected hex was packed from the layouts in {@link LinkCommandEncoder} and {@link LinkEventEncoder}
 * with an independent script, not copied from encoder output. Encoded at a non-zero offset and decoded back.
 */
class HistoryHexVectorsTest
{
    /** EDIT gateway 1, session 42, corrId "5", room lobby, seq 17, data "hi" (43 bytes). */
    static final String LINK_EDIT = "2b000000011001002a000000000000000322352205006c6f62627911000000000000000400000022686922";
    /** DELETE gateway 1, session 42, corrId "6", room lobby, seq 17 (35 bytes). */
    static final String LINK_DELETE = "23000000011101002a000000000000000322362205006c6f6262791100000000000000";
    /** HISTORY gateway 1, session 42, corrId "8", room lobby, before 100, limit 50, mode 0 (newest first) (38 bytes). */
    static final String LINK_HISTORY = "26000000011201002a000000000000000322382205006c6f6262796400000000000000320000";
    /** JOIN_RESUME gateway 1, session 42, corrId "1", room lobby, since 17, epoch 1700000000000042, last 0 (45 bytes). */
    static final String LINK_JOIN_RESUME =
        "2d000000011301002a000000000000000322312205006c6f62627911000000000000002a401e18240a06000000";
    /** PUBLISH_ONCE gateway 1, session 42, corrId "3", room lobby, client id c1, data {"text":"hi"} (47 bytes). */
    static final String LINK_PUBLISH_ONCE =
        "2f000000011401002a000000000000000322332205006c6f6262790263310d0000007b2274657874223a226869227d";
    /** ROOM_MESSAGE of ProtocolHexVectorsTest with the trailing msg_id 5 (95 bytes). */
    static final String LINK_ROOM_MESSAGE_WITH_ID =
        "5f00000001430100000000000000000011000000000000000068e5cf8b01000002000000000000002a000000000000002b00000000000000" +
        "05006c6f6262790500616c6963650d0000007b2274657874223a226869227d0500000000000000";
    /** ROOM_EDIT gateway 1, seq 17, msg_id 5, ts 1700000000000, edited 1700000001000, state 1, recipients [42], lobby, alice, "hi" (86 bytes). */
    static final String LINK_ROOM_EDIT =
        "56000000015001000000000000000000110000000000000005000000000000000068e5cf8b010000e86be5cf8b01000001000000010000002a" +
        "0000000000000005006c6f6262790500616c6963650400000022686922";
    /** JOIN_ACK gateway 1, session 42, epoch 1700000000000042, latest 17, oldest 1, backlog 2, status 1 (recovered), corrId "1" (52 bytes). */
    static final String LINK_JOIN_ACK =
        "34000000015301002a000000000000002a401e18240a060011000000000000000100000000000000020000000100000003223122";
    /**
     * HISTORY_REPLY gateway 1, session 42, 1 entry, flags 1 (more), oldest 1, latest 17, corrId "8", room lobby;
     * entry seq 16, msg_id 5, ts 1700000000000, changed -1, state 0, alice, "hi" (99 bytes).
     */
    static final String LINK_HISTORY_REPLY =
        "63000000015401002a000000000000000100000001000000010000000000000011000000000000000322382205006c6f626279" +
        "100000000000000005000000000000000068e5cf8b010000ffffffffffffffff000500616c6963650400000022686922";

    /** Client HISTORY frame with payload {"room":"lobby","before":100} (36 bytes, big-endian header). */
    static final String CLIENT_HISTORY = "00000024011201" + "7b22726f6f6d223a226c6f626279222c226265666f7265223a3130307d";

    private static final int OFFSET = 7;
    private static final long TS = 1_700_000_000_000L;
    private static final long EPOCH = 1_700_000_000_000_042L;
    private static final UnsafeBuffer LOBBY = ascii("lobby");
    private static final UnsafeBuffer ALICE = ascii("alice");
    private static final UnsafeBuffer HI = ascii("\"hi\"");
    private static final UnsafeBuffer TEXT_HI = ascii("{\"text\":\"hi\"}");

    private static UnsafeBuffer ascii(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);

    private int command(final int type, final String corrId, final String clientMsgId, final long seq, final long epoch,
                        final int limit, final int mode, final UnsafeBuffer data)
    {
        final UnsafeBuffer corr = ascii(corrId);
        final UnsafeBuffer client = ascii(clientMsgId == null ? "" : clientMsgId);
        return LinkCommandEncoder.encodeHistoryCommand(buffer, OFFSET, type, 1, 42, corr, 0, corr.capacity(),
            LOBBY, 0, LOBBY.capacity(), client, 0, client.capacity(), seq, epoch, limit, mode,
            data, 0, data == null ? 0 : data.capacity());
    }

    private LinkCommandDecoder decodedCommand(final int length)
    {
        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals("lobby", decoder.name());
        return decoder;
    }

    @Test
    void shouldMatchVectorsWhenEditAndDeleteCommandsAreEncoded()
    {
        int length = command(LinkType.EDIT, "\"5\"", null, 17, 0, 0, 0, HI);
        assertEquals(LINK_EDIT, hex(buffer, OFFSET, length));
        LinkCommandDecoder decoder = decodedCommand(length);
        assertEquals(17, decoder.seq());
        assertEquals("\"hi\"", decoder.data());

        length = command(LinkType.DELETE, "\"6\"", null, 17, 0, 0, 0, null);
        assertEquals(LINK_DELETE, hex(buffer, OFFSET, length));
        decoder = decodedCommand(length);
        assertEquals(17, decoder.seq());
        assertEquals("\"6\"", decoder.corrId());
    }

    @Test
    void shouldMatchVectorWhenHistoryCommandIsEncoded()
    {
        final int length = command(LinkType.HISTORY, "\"8\"", null, 100, 0, 50, 0, null);
        assertEquals(LINK_HISTORY, hex(buffer, OFFSET, length));
        final LinkCommandDecoder decoder = decodedCommand(length);
        assertEquals(100, decoder.seq());
        assertEquals(50, decoder.limit());
        assertEquals(0, decoder.mode());
    }

    @Test
    void shouldMatchVectorWhenJoinResumeCommandIsEncoded()
    {
        final int length = command(LinkType.JOIN_RESUME, "\"1\"", null, 17, EPOCH, 0, 0, null);
        assertEquals(LINK_JOIN_RESUME, hex(buffer, OFFSET, length));
        final LinkCommandDecoder decoder = decodedCommand(length);
        assertEquals(17, decoder.seq());
        assertEquals(EPOCH, decoder.epoch());
        assertEquals(0, decoder.limit());
    }

    @Test
    void shouldMatchVectorWhenPublishOnceCommandIsEncoded()
    {
        final int length = command(LinkType.PUBLISH_ONCE, "\"3\"", "c1", -1, 0, 0, 0, TEXT_HI);
        assertEquals(LINK_PUBLISH_ONCE, hex(buffer, OFFSET, length));
        final LinkCommandDecoder decoder = decodedCommand(length);
        assertEquals("c1", decoder.clientMsgId());
        assertEquals("{\"text\":\"hi\"}", decoder.data());
    }

    @Test
    void shouldNotDecodeHistoryCommandsWhoseModeOrClientIdIsOutOfRange()
    {
        int length = command(LinkType.HISTORY, "\"8\"", null, 100, 0, 50, 0, null);
        buffer.putByte(OFFSET + length - 1, (byte)0x04); // an unknown mode bit
        assertFalse(new LinkCommandDecoder().wrap(buffer, OFFSET, length));

        length = command(LinkType.PUBLISH_ONCE, "\"3\"", "c1", -1, 0, 0, 0, TEXT_HI);
        buffer.putByte(OFFSET + 16 + 4 + 7, (byte)0); // an empty client id
        assertFalse(new LinkCommandDecoder().wrap(buffer, OFFSET, length));

        for (int cut = 1; cut < LINK_EDIT.length() / 2; cut++)
        {
            length = command(LinkType.EDIT, "\"5\"", null, 17, 0, 0, 0, HI);
            buffer.putInt(OFFSET, length - cut, LITTLE_ENDIAN);
            assertFalse(new LinkCommandDecoder().wrap(buffer, OFFSET, length - cut), "cut " + cut);
        }
    }

    @Test
    void shouldMatchVectorWhenRoomMessageCarriesItsMessageIdAndStillDecodeOneWithout()
    {
        buffer.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        buffer.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 1), 43, LITTLE_ENDIAN);
        int length = LinkEventEncoder.finishRoomMessage(buffer, OFFSET, 1, 17, TS, 2,
            LOBBY, 0, 5, ALICE, 0, 5, TEXT_HI, 0, TEXT_HI.capacity(), 5);
        assertEquals(LINK_ROOM_MESSAGE_WITH_ID, hex(buffer, OFFSET, length));
        final LinkEventDecoder decoder = new LinkEventDecoder();
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals(5, decoder.msgId());
        assertEquals("{\"text\":\"hi\"}", decoder.data());

        length = LinkEventEncoder.finishRoomMessage(buffer, OFFSET, 1, 17, TS, 2,
            LOBBY, 0, 5, ALICE, 0, 5, TEXT_HI, 0, TEXT_HI.capacity());
        assertEquals(ProtocolHexVectorsTest.LINK_ROOM_MESSAGE, hex(buffer, OFFSET, length));
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals(LinkEventEncoder.NO_SEQ, decoder.msgId());
    }

    @Test
    void shouldMatchVectorWhenRoomEditEventIsEncoded()
    {
        buffer.putLong(LinkEventEncoder.entryRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishRoomEntry(buffer, OFFSET, LinkType.ROOM_EDIT, 1,
            17, 5, TS, TS + 1000, LinkEventEncoder.ENTRY_EDITED, 1, LOBBY, 0, 5, ALICE, 0, 5, HI, 0, HI.capacity());
        assertEquals(LINK_ROOM_EDIT, hex(buffer, OFFSET, length));
        final LinkEventDecoder decoder = new LinkEventDecoder();
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals(17, decoder.seq());
        assertEquals(5, decoder.msgId());
        assertEquals(TS + 1000, decoder.changedTimestampMs());
        assertEquals(LinkEventEncoder.ENTRY_EDITED, decoder.state());
        assertEquals(42, decoder.recipient(0));
        assertEquals("alice", decoder.from());
        assertEquals("\"hi\"", decoder.data());
    }

    @Test
    void shouldMatchVectorWhenJoinAckEventIsEncoded()
    {
        final UnsafeBuffer corr = ascii("\"1\"");
        final int length = LinkEventEncoder.joinAck(buffer, OFFSET, 1, 42, EPOCH, 17, 1, 2,
            LinkEventEncoder.RESUME_RECOVERED, corr, 0, 3);
        assertEquals(LINK_JOIN_ACK, hex(buffer, OFFSET, length));
        final LinkEventDecoder decoder = new LinkEventDecoder();
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals(EPOCH, decoder.epoch());
        assertEquals(17, decoder.latestSeq());
        assertEquals(1, decoder.oldestSeq());
        assertEquals(2, decoder.backlogCount());
        assertEquals(LinkEventEncoder.RESUME_RECOVERED, decoder.status());
        assertEquals("\"1\"", decoder.corrId());
    }

    @Test
    void shouldMatchVectorWhenHistoryReplyEventIsEncoded()
    {
        final UnsafeBuffer corr = ascii("\"8\"");
        int position = LinkEventEncoder.startHistoryReply(buffer, OFFSET, corr, 0, 3, LOBBY, 0, 5);
        position = LinkEventEncoder.putHistoryEntry(buffer, position, 16, 5, TS, -1, LinkEventEncoder.ENTRY_ORIGINAL,
            ALICE, 0, 5, HI, 0, HI.capacity());
        final int length = LinkEventEncoder.finishHistoryReply(buffer, OFFSET, 1, 42, 1, LinkEventEncoder.HISTORY_MORE, 1, 17, position);
        assertEquals(LINK_HISTORY_REPLY, hex(buffer, OFFSET, length));
        final LinkEventDecoder decoder = new LinkEventDecoder();
        assertTrue(decoder.wrap(buffer, OFFSET, length));
        assertEquals(1, decoder.entryCount());
        assertEquals(LinkEventEncoder.HISTORY_MORE, decoder.flags());
        assertEquals("lobby", decoder.room());
        final int entry = decoder.membersOffset();
        assertEquals(16, LinkEventDecoder.historyEntrySeq(buffer, entry));
        assertEquals(5, LinkEventDecoder.historyEntryMsgId(buffer, entry));
        assertEquals(-1, LinkEventDecoder.historyEntryChangedTimestamp(buffer, entry));
        assertEquals("\"hi\"", buffer.getStringWithoutLengthUtf8(
            LinkEventDecoder.historyEntryDataOffset(buffer, entry), LinkEventDecoder.historyEntryDataLength(buffer, entry)));
        assertEquals(OFFSET + length, LinkEventDecoder.nextHistoryEntry(buffer, entry));

        buffer.putInt(OFFSET, length - 1, LITTLE_ENDIAN);
        assertFalse(decoder.wrap(buffer, OFFSET, length - 1), "an entry cut short");
    }

    @Test
    void shouldMatchVectorWhenAClientHistoryFrameIsWritten()
    {
        final byte[] payload = "{\"room\":\"lobby\",\"before\":100}".getBytes(StandardCharsets.UTF_8);
        buffer.putBytes(OFFSET + io.ringway.codec.frame.ClientFrameFlyweight.HEADER_LENGTH, payload);
        final int length = io.ringway.codec.frame.ClientFrameFlyweight.writeHeader(buffer, OFFSET,
            io.ringway.codec.frame.FrameType.HISTORY, io.ringway.codec.frame.ClientFrameFlyweight.FLAG_JSON, payload.length);
        assertEquals(CLIENT_HISTORY, hex(buffer, OFFSET, length));
        assertTrue(io.ringway.codec.frame.FrameType.isKnown(io.ringway.codec.frame.FrameType.HISTORY));
        assertFalse(io.ringway.codec.frame.FrameType.isKnown(0x13));
    }
}

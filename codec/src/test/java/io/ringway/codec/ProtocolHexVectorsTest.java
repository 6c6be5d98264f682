package io.ringway.codec;

import io.ringway.codec.frame.ClientFrameFlyweight;
import io.ringway.codec.frame.FrameType;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Byte-exact test vectors for PROTOCOL.md. The expected hex was worked out by hand from the layouts in
 * the javadoc of {@link io.ringway.codec.link.LinkHeader}, {@link LinkCommandEncoder},
 * {@link LinkEventEncoder} and {@link ClientFrameFlyweight}, not copied from encoder output.
 * Every vector is encoded at a non-zero offset and decoded back.
 */
class ProtocolHexVectorsTest
{
    /**
     * JOIN gatewayId=1 sessionId=42 corrId {@code "1"} room {@code lobby}: 27 bytes.
     * <pre>
     * 1b000000          frame length 27 (i32 LE)
     * 01 03 0100        version 1, type JOIN, gateway id 1 (u16 LE)
     * 2a00000000000000  session id 42 (i64 LE)
     * 03 223122         corrId: u8 length 3, "1"
     * 0500 6c6f626279   room: u16 length 5, lobby
     * </pre>
     */
    static final String LINK_JOIN = "1b000000010301002a000000000000000322312205006c6f626279";

    /**
     * PUBLISH gatewayId=1 sessionId=42 corrId {@code "3"} room {@code lobby} data {@code {"text":"hi"}}: 44 bytes.
     * <pre>
     * 2c000000 01 05 0100 2a00000000000000   header: length 44, version 1, PUBLISH, gateway 1, session 42
     * 03 223322                              corrId "3"
     * 0500 6c6f626279                        room lobby
     * 0d000000 7b2274657874223a226869227d    data: i32 length 13, {"text":"hi"}
     * </pre>
     */
    static final String LINK_PUBLISH =
        "2c000000010501002a000000000000000322332205006c6f6262790d0000007b2274657874223a226869227d";

    /**
     * ACK gatewayId=1 sessionId=42 seq=17 corrId {@code "3"}: 28 bytes.
     * <pre>
     * 1c000000 01 41 0100 2a00000000000000   header: length 28, version 1, ACK, gateway 1, session 42
     * 1100000000000000                       seq 17 (i64 LE)
     * 03 223322                              corrId "3"
     * </pre>
     */
    static final String LINK_ACK = "1c000000014101002a00000000000000110000000000000003223322";

    /**
     * ROOM_MESSAGE gatewayId=1 seq=17 ts=1700000000000 recipients [42, 43] room {@code lobby} from {@code alice}
     * data {@code {"text":"hi"}}: 87 bytes. 1700000000000 = 0x0000018bcfe56800.
     * <pre>
     * 57000000 01 43 0100 0000000000000000   header: length 87, version 1, ROOM_MESSAGE, gateway 1, session 0
     * 1100000000000000                       seq 17
     * 0068e5cf8b010000                       ts 1700000000000
     * 02000000 00000000                      recipient count 2, reserved 0
     * 2a00000000000000 2b00000000000000      recipients 42, 43
     * 0500 6c6f626279                        room lobby
     * 0500 616c696365                        from alice
     * 0d000000 7b2274657874223a226869227d    data {"text":"hi"}
     * </pre>
     */
    static final String LINK_ROOM_MESSAGE =
        "5700000001430100000000000000000011000000000000000068e5cf8b01000002000000000000002a000000000000002b00000000000000" +
        "05006c6f6262790500616c6963650d0000007b2274657874223a226869227d";

    /**
     * Client JOIN_ROOM frame, flags JSON, payload {@code {"room":"lobby","id":"1"}} (25 bytes): 32 bytes.
     * <pre>
     * 00000020 01 02 01                      length 32 (u32 BE), version 1, JOIN_ROOM, FLAG_JSON
     * 7b22726f6f6d223a226c6f626279222c226964223a2231227d   payload
     * </pre>
     */
    static final String CLIENT_JOIN_ROOM = "000000200102017b22726f6f6d223a226c6f626279222c226964223a2231227d";

    /** Client HEARTBEAT frame, no flags, empty payload: {@code 00000007} length 7, version 1, HEARTBEAT, flags 0. */
    static final String CLIENT_HEARTBEAT = "00000007010500";

    /**
     * TYPING gatewayId=1 sessionId=42 no corrId room {@code lobby} state start: 25 bytes.
     * <pre>
     * 19000000 01 08 0100 2a00000000000000   header: length 25, version 1, TYPING, gateway 1, session 42
     * 00                                     corrId: none
     * 0500 6c6f626279                        room lobby
     * 01                                     state: 1 start
     * </pre>
     */
    static final String LINK_TYPING = "19000000010801002a000000000000000005006c6f62627901";

    /**
     * PRESENCE_QUERY gatewayId=1 sessionId=42 corrId {@code "7"} room {@code lobby}: 27 bytes.
     * <pre>
     * 1b000000 01 09 0100 2a00000000000000   header: length 27, version 1, PRESENCE_QUERY, gateway 1, session 42
     * 03 223722                              corrId "7"
     * 0500 6c6f626279                        room lobby
     * </pre>
     */
    static final String LINK_PRESENCE_QUERY = "1b000000010901002a000000000000000322372205006c6f626279";

    /**
     * ROOM_PRESENCE gatewayId=1 ts=1700000000000 recipients [43] kind online room {@code lobby} user {@code alice}: 54 bytes.
     * <pre>
     * 36000000 01 45 0100 0000000000000000   header: length 54, version 1, ROOM_PRESENCE, gateway 1, session 0
     * 0068e5cf8b010000                       ts 1700000000000
     * 01000000                               recipient count 1
     * 01 000000                              kind 1 online, reserved 0
     * 2b00000000000000                       recipient 43
     * 0500 6c6f626279                        room lobby
     * 0500 616c696365                        user alice
     * </pre>
     */
    static final String LINK_ROOM_PRESENCE =
        "36000000014501000000000000000000" + "0068e5cf8b010000" + "01000000" + "01000000" + "2b00000000000000" +
        "05006c6f626279" + "0500616c696365";

    /** ROOM_TYPING: the ROOM_PRESENCE layout with type 0x46 and kind = typing state 1 (start); otherwise as above. */
    static final String LINK_ROOM_TYPING =
        "36000000014601000000000000000000" + "0068e5cf8b010000" + "01000000" + "01000000" + "2b00000000000000" +
        "05006c6f626279" + "0500616c696365";

    /**
     * PRESENCE_REPLY gatewayId=1 sessionId=42 corrId {@code "7"} room {@code lobby} members alice (2 connections),
     * bob (1): 55 bytes.
     * <pre>
     * 37000000 01 47 0100 2a00000000000000   header: length 55, version 1, PRESENCE_REPLY, gateway 1, session 42
     * 02000000 00000000                      member count 2, reserved 0
     * 03 223722                              corrId "7"
     * 0500 6c6f626279                        room lobby
     * 02000000 0500 616c696365               alice, 2 connections
     * 01000000 0300 626f62                   bob, 1 connection
     * </pre>
     */
    static final String LINK_PRESENCE_REPLY =
        "37000000014701002a00000000000000" + "0200000000000000" + "03223722" + "05006c6f626279" +
        "020000000500616c696365" + "010000000300626f62";

    /**
     * Client TYPING frame, flags JSON, payload {@code {"room":"lobby","state":"start"}} (32 bytes): 39 bytes.
     * <pre>
     * 00000027 01 08 01                      length 39 (u32 BE), version 1, TYPING, FLAG_JSON
     * 7b22726f6f6d223a226c6f626279222c227374617465223a227374617274227d   payload
     * </pre>
     */
    static final String CLIENT_TYPING = "000000270108017b22726f6f6d223a226c6f626279222c227374617465223a227374617274227d";

    /**
     * Client PRESENCE frame (a query), flags JSON, payload {@code {"room":"lobby","id":"7"}} (25 bytes): 32 bytes.
     * <pre>
     * 00000020 01 09 01                      length 32 (u32 BE), version 1, PRESENCE, FLAG_JSON
     * 7b22726f6f6d223a226c6f626279222c226964223a2237227d   payload
     * </pre>
     */
    static final String CLIENT_PRESENCE = "000000200109017b22726f6f6d223a226c6f626279222c226964223a2237227d";

    private static final int OFFSET = 9;
    private static final byte[] LOBBY = ascii("lobby");
    private static final byte[] ALICE = ascii("alice");
    private static final byte[] TEXT_HI = ascii("{\"text\":\"hi\"}");

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static UnsafeBuffer buffer(final int capacity)
    {
        return new UnsafeBuffer(new byte[capacity]);
    }

    @Test
    void shouldMatchVectorWhenJoinCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encode(
            out, OFFSET, LinkType.JOIN, 1, 42,
            new UnsafeBuffer(ascii("\"1\"")), 0, 3,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            null, 0, 0);

        assertEquals(LINK_JOIN, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_JOIN));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.JOIN, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"1\"", decoder.corrId());
        assertEquals("lobby", decoder.name());
    }

    @Test
    void shouldMatchVectorWhenPublishCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encode(
            out, OFFSET, LinkType.PUBLISH, 1, 42,
            new UnsafeBuffer(ascii("\"3\"")), 0, 3,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            new UnsafeBuffer(TEXT_HI), 0, TEXT_HI.length);

        assertEquals(LINK_PUBLISH, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_PUBLISH));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.PUBLISH, decoder.type());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"3\"", decoder.corrId());
        assertEquals("lobby", decoder.name());
        assertEquals("{\"text\":\"hi\"}", decoder.data());
    }

    @Test
    void shouldMatchVectorWhenAckEventIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkEventEncoder.ack(out, OFFSET, 1, 42, 17, new UnsafeBuffer(ascii("\"3\"")), 0, 3);

        assertEquals(LINK_ACK, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_ACK));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ACK, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(42, decoder.sessionId());
        assertEquals(17, decoder.seq());
        assertEquals("\"3\"", decoder.corrId());
    }

    @Test
    void shouldMatchVectorWhenRoomMessageEventIsEncoded()
    {
        final UnsafeBuffer out = buffer(256);
        out.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 0), 42, LITTLE_ENDIAN);
        out.putLong(LinkEventEncoder.roomRecipientOffset(OFFSET, 1), 43, LITTLE_ENDIAN);
        final int length = LinkEventEncoder.finishRoomMessage(
            out, OFFSET, 1, 17, 1_700_000_000_000L, 2,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            new UnsafeBuffer(ALICE), 0, ALICE.length,
            new UnsafeBuffer(TEXT_HI), 0, TEXT_HI.length);

        assertEquals(LINK_ROOM_MESSAGE, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_ROOM_MESSAGE));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.ROOM_MESSAGE, decoder.type());
        assertEquals(1, decoder.gatewayId());
        assertEquals(17, decoder.seq());
        assertEquals(1_700_000_000_000L, decoder.timestampMs());
        assertEquals(2, decoder.recipientCount());
        assertEquals(42, decoder.recipient(0));
        assertEquals(43, decoder.recipient(1));
        assertEquals("lobby", decoder.room());
        assertEquals("alice", decoder.from());
        assertEquals("{\"text\":\"hi\"}", decoder.data());
    }

    @Test
    void shouldMatchVectorWhenTypingCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encodeTyping(
            out, OFFSET, 1, 42, null, 0, 0, new UnsafeBuffer(LOBBY), 0, LOBBY.length, LinkCommandEncoder.TYPING_START);

        assertEquals(LINK_TYPING, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_TYPING));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.TYPING, decoder.type());
        assertEquals(42, decoder.sessionId());
        assertEquals(0, decoder.corrIdLength());
        assertEquals("lobby", decoder.name());
        assertEquals(LinkCommandEncoder.TYPING_START, decoder.state());
    }

    @Test
    void shouldMatchVectorWhenPresenceQueryCommandIsEncoded()
    {
        final UnsafeBuffer out = buffer(128);
        final int length = LinkCommandEncoder.encode(
            out, OFFSET, LinkType.PRESENCE_QUERY, 1, 42,
            new UnsafeBuffer(ascii("\"7\"")), 0, 3,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length,
            null, 0, 0);

        assertEquals(LINK_PRESENCE_QUERY, hex(out, OFFSET, length));

        final LinkCommandDecoder decoder = new LinkCommandDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_PRESENCE_QUERY));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.PRESENCE_QUERY, decoder.type());
        assertEquals("\"7\"", decoder.corrId());
        assertEquals("lobby", decoder.name());
    }

    @Test
    void shouldMatchVectorsWhenRoomPresenceAndRoomTypingEventsAreEncoded()
    {
        final UnsafeBuffer out = buffer(256);
        out.putLong(LinkEventEncoder.noticeRecipientOffset(OFFSET, 0), 43, LITTLE_ENDIAN);
        int length = LinkEventEncoder.finishRoomPresence(
            out, OFFSET, 1, 1_700_000_000_000L, 1, LinkEventEncoder.PRESENCE_ONLINE,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length, new UnsafeBuffer(ALICE), 0, ALICE.length);
        assertEquals(LINK_ROOM_PRESENCE, hex(out, OFFSET, length));

        length = LinkEventEncoder.finishRoomTyping(
            out, OFFSET, 1, 1_700_000_000_000L, 1, LinkCommandEncoder.TYPING_START,
            new UnsafeBuffer(LOBBY), 0, LOBBY.length, new UnsafeBuffer(ALICE), 0, ALICE.length);
        assertEquals(LINK_ROOM_TYPING, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        for (final String vectorHex : new String[] { LINK_ROOM_PRESENCE, LINK_ROOM_TYPING })
        {
            final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(vectorHex));
            assertTrue(decoder.wrap(vector, 0, vector.capacity()));
            assertEquals(1, decoder.kind());
            assertEquals(1_700_000_000_000L, decoder.timestampMs());
            assertEquals(1, decoder.recipientCount());
            assertEquals(43, decoder.recipient(0));
            assertEquals("lobby", decoder.room());
            assertEquals("alice", decoder.user());
        }
        assertEquals(LinkType.ROOM_TYPING, decoder.type());
    }

    @Test
    void shouldMatchVectorWhenPresenceReplyEventIsEncoded()
    {
        final UnsafeBuffer out = buffer(256);
        int position = LinkEventEncoder.startPresenceReply(
            out, OFFSET, new UnsafeBuffer(ascii("\"7\"")), 0, 3, new UnsafeBuffer(LOBBY), 0, LOBBY.length);
        position = LinkEventEncoder.putPresenceMember(out, position, 2, new UnsafeBuffer(ALICE), 0, ALICE.length);
        position = LinkEventEncoder.putPresenceMember(out, position, 1, new UnsafeBuffer(ascii("bob")), 0, 3);
        final int length = LinkEventEncoder.finishPresenceReply(out, OFFSET, 1, 42, 2, 0, position);

        assertEquals(LINK_PRESENCE_REPLY, hex(out, OFFSET, length));

        final LinkEventDecoder decoder = new LinkEventDecoder();
        final UnsafeBuffer vector = new UnsafeBuffer(HexFormat.of().parseHex(LINK_PRESENCE_REPLY));
        assertTrue(decoder.wrap(vector, 0, vector.capacity()));
        assertEquals(LinkType.PRESENCE_REPLY, decoder.type());
        assertEquals(42, decoder.sessionId());
        assertEquals("\"7\"", decoder.corrId());
        assertEquals("lobby", decoder.room());
        assertEquals(2, decoder.memberCount());
        final int bob = LinkEventDecoder.nextMember(vector, decoder.membersOffset());
        assertEquals(2, LinkEventDecoder.memberConnections(vector, decoder.membersOffset()));
        assertEquals(1, LinkEventDecoder.memberConnections(vector, bob));
        assertEquals("bob", vector.getStringWithoutLengthAscii(
            LinkEventDecoder.memberUserOffset(bob), LinkEventDecoder.memberUserLength(vector, bob)));
    }

    @Test
    void shouldMatchVectorsWhenClientTypingAndPresenceFramesAreWritten()
    {
        final String[][] cases = {
            { CLIENT_TYPING, "{\"room\":\"lobby\",\"state\":\"start\"}" },
            { CLIENT_PRESENCE, "{\"room\":\"lobby\",\"id\":\"7\"}" },
        };
        final byte[] types = { FrameType.TYPING, FrameType.PRESENCE };
        for (int i = 0; i < cases.length; i++)
        {
            final byte[] payload = ascii(cases[i][1]);
            final UnsafeBuffer out = buffer(128);
            out.putBytes(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, payload);
            final int length = ClientFrameFlyweight.writeHeader(out, OFFSET, types[i], ClientFrameFlyweight.FLAG_JSON, payload.length);

            assertEquals(cases[i][0], hex(out, OFFSET, length));
            final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(new UnsafeBuffer(HexFormat.of().parseHex(cases[i][0])), 0);
            assertEquals(types[i], frame.type());
            assertEquals(payload.length, frame.payloadLength());
        }
    }

    @Test
    void shouldMatchVectorWhenClientJoinRoomFrameIsWritten()
    {
        final byte[] payload = ascii("{\"room\":\"lobby\",\"id\":\"1\"}");
        final UnsafeBuffer out = buffer(128);
        out.putBytes(OFFSET + ClientFrameFlyweight.HEADER_LENGTH, payload);
        final int length = ClientFrameFlyweight.writeHeader(
            out, OFFSET, FrameType.JOIN_ROOM, ClientFrameFlyweight.FLAG_JSON, payload.length);

        assertEquals(CLIENT_JOIN_ROOM, hex(out, OFFSET, length));

        final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(
            new UnsafeBuffer(HexFormat.of().parseHex(CLIENT_JOIN_ROOM)), 0);
        assertEquals(32, frame.frameLength());
        assertEquals(1, frame.version());
        assertEquals(FrameType.JOIN_ROOM, frame.type());
        assertEquals(ClientFrameFlyweight.FLAG_JSON, frame.flags());
        assertEquals(payload.length, frame.payloadLength());
    }

    @Test
    void shouldMatchVectorWhenClientHeartbeatFrameIsWritten()
    {
        final UnsafeBuffer out = buffer(32);
        final int length = ClientFrameFlyweight.writeHeader(out, OFFSET, FrameType.HEARTBEAT, 0, 0);

        assertEquals(CLIENT_HEARTBEAT, hex(out, OFFSET, length));

        final ClientFrameFlyweight frame = new ClientFrameFlyweight().wrap(
            new UnsafeBuffer(HexFormat.of().parseHex(CLIENT_HEARTBEAT)), 0);
        assertEquals(FrameType.HEARTBEAT, frame.type());
        assertEquals(0, frame.flags());
        assertEquals(0, frame.payloadLength());
    }
}
